/**
 * The user's text as a prompt quotes it: between <text> tags that the text can neither close
 * nor reopen, so that it stays data and never becomes instructions. The text is normalised
 * first (NFKC folds fullwidth and compatibility forms; invisible format characters such as
 * zero-width spaces and bidirectional controls are removed), then every tag-like run that a
 * reader could take for a <text> delimiter, in any spelling, has its brackets replaced by ‹ ›.
 * One pass over the text, each candidate at most 48 characters long: linear time.
 */
export function quoteAsData(text: string): string {
  return `<text>\n${neutraliseDelimiters(normaliseForPrompt(text))}\n</text>`;
}

/** Format characters (Unicode Cf: zero-width, bidi controls, the BOM, soft hyphen, ...). */
const INVISIBLE = /\p{Cf}/gu;

/**
 * What a prompt shows of a text: NFKC-normalised, without invisible format characters, and no
 * longer than the text was (one character can expand to 18 under NFKC: U+FDFA), so a prompt
 * stays bounded by the input's limit.
 */
export function normaliseForPrompt(text: string): string {
  const normalised = text.normalize("NFKC").replace(INVISIBLE, "");
  return normalised.length > text.length ? normalised.slice(0, text.length) : normalised;
}

// An opening bracket (or its HTML entity), up to 40 characters, a closing one.
const TAG_LIKE = /(<|&lt;|&#0*60;|&#x0*3c;|〈|⟨)([^<>]{1,40}?)(>|&gt;|&#0*62;|&#x0*3e;|〉|⟩)/gi;

/** Letters of other scripts that read as t, e or x. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  т: "t", τ: "t", ţ: "t", ť: "t", е: "e", ё: "e", ε: "e", є: "e", х: "x", χ: "x", ҳ: "x",
};

/** A t in any script LOOKALIKES knows, or with an accent: every spelling of `text` has one. */
const HAS_T = /[tTтТτΤţťŢŤ]/;
const MARKS = /\p{M}/gu;

/** Whether the inside of a tag names `text`: `/text`, ` / T e X t`, `text foo`, in lookalike letters too. */
function namesTextTag(inner: string): boolean {
  const ascii = !NON_ASCII.test(inner);
  if (ascii) return HAS_T.test(inner) && TEXT_TAG.test(inner.toLowerCase());
  let folded = "";
  for (const char of inner.normalize("NFD").replace(MARKS, "").toLowerCase()) folded += LOOKALIKES[char] ?? char;
  return TEXT_TAG.test(folded);
}

const NON_ASCII = /[^\x00-\x7f]/;
const TEXT_TAG = /^[\s/\\]*t\s*e\s*x\s*t(?![a-z])/;

function neutraliseDelimiters(text: string): string {
  return text.replace(TAG_LIKE, (tag: string, _open: string, inner: string) => (namesTextTag(inner) ? `‹${inner}›` : tag));
}

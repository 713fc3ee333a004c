/**
 * Text normalisation and word tokenisation shared by training and inference.
 * Pure string code: runs the same in Node and in the Workers runtime.
 */

/** Longer texts are cut here: the opening carries the intent, and the cap bounds inference CPU. */
export const MAX_TEXT_CHARS = 2000;

/** At most this many words feed the features, for the same reason. */
export const MAX_WORDS = 256;

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?|[^\s\p{L}\p{M}\p{N}\p{P}\p{Z}\p{C}]/gu;

/**
 * Unicode-normalised (NFKC), lower-cased text, capped at MAX_TEXT_CHARS before and after the
 * normalisation (one character can expand to 18: U+FDFA).
 */
export function normaliseText(text: string): string {
  const capped = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  const normalised = capped.normalize("NFKC");
  return (normalised.length > MAX_TEXT_CHARS ? normalised.slice(0, MAX_TEXT_CHARS) : normalised).toLowerCase();
}

/**
 * Words of a normalised text: runs of letters/digits (with an English clitic such as
 * "'s" kept attached), plus each symbol or emoji as its own token so that "£", "$" or
 * "😡" still count as evidence.
 */
export function words(normalised: string): string[] {
  const found = normalised.match(WORD) ?? [];
  return found.length > MAX_WORDS ? found.slice(0, MAX_WORDS) : found;
}

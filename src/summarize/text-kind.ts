/**
 * What kind of text this is, from surface features: the edge summarizer is tuned for English
 * prose, so dialogue, lists, code, very short texts and other languages get flagged.
 */

import { countWords } from "../text/words.ts";
import { MAX_SUMMARIZED_CHARS } from "./limits.ts";
import { splitSentences } from "./sentences.ts";

export type TextKind = "prose" | "dialogue" | "list" | "code" | "short";

export interface TextKindSignals {
  kind: TextKind;
  language: string; // "en", a guess among a few others ("de", "fr", ...), or the script ("cjk", "cyrillic", ...)
  englishShare: number; // share of word tokens that are common English function words
  latinShare: number; // share of letters in the Latin script
  dialogueShare: number; // share of lines that start with a speaker ("Alice:", "[10:02] bob:", "<bob>")
  listShare: number; // share of lines that start with a bullet or a number
  codeShare: number; // share of lines that look like code
}

const SPEAKER_LINE = /^\s*(?:\[[^\]]{1,20}\]\s*|\(?\d{1,2}:\d{2}(?::\d{2})?\)?\s*(?:[AaPp][Mm])?\s*[-–]?\s*)?(?:<[^>\s]{1,30}>|@?[\p{L}][\p{L}\p{N}_.'-]{0,20}(?: [\p{Lu}][\p{L}.'-]{0,20}){0,2}\s?:)\s*\S/u;
const LIST_LINE = /^\s*(?:[-*•·–▪◦>]|\d{1,3}[.)]|[a-zA-Z][.)]|\[[ xX]\])\s+\S/;
const CODE_LINE = /(?:[;{}]\s*$|^\s*(?:import|export|from|const|let|var|function|def|class|return|if|for|while|#include|public|private|package|fn|SELECT|INSERT|<\/?[a-z][\w-]*[ >])\b|=>|==|!=|\+=|::|^\s{2,}\S)/;
/** After a call's ")": spaces, at most one of `;{:`, spaces. Trimmed first, so nothing backtracks. */
const CALL_TAIL = /^\)\s*[;{:]?$/;

/**
 * Whether a line ends in a call, `f(...)` optionally followed by `;`, `{` or `:`. Only the
 * line's last ")" can end it (the tail allows no other), so one search replaces the
 * backtracking `\w\(.*\)` pattern, which is quadratic on "a(a(a(...".
 */
function endsInCall(line: string): boolean {
  const close = line.lastIndexOf(")");
  if (close < 0 || !CALL_TAIL.test(line.slice(close).trimEnd())) return false;
  // `.` does not cross line terminators: the call must open after the last one.
  const from = Math.max(line.lastIndexOf("\r", close), line.lastIndexOf("\u2028", close), line.lastIndexOf("\u2029", close)) + 1;
  return /\w\(/.test(line.slice(from, close));
}

function looksLikeCode(line: string): boolean {
  return CODE_LINE.test(line) || endsInCall(line);
}
const CODE_SYMBOLS = /[{}()[\];=<>_$#\\|&*/]/g;

const ENGLISH = new Set("the of and to a in is that for it was on with as he be by at are this have from or had not but his they which an were has been their its will would who there more also".split(" "));
const OTHER_LANGUAGES: Record<string, Set<string>> = {
  de: new Set("der die das und ist nicht ein eine zu den mit von sich auf für im dem des auch es".split(" ")),
  fr: new Set("le la les et est un une des du en que qui dans pour pas au sur ce il elle avec".split(" ")),
  es: new Set("el la los las es un una que de en del por con para se su al como pero".split(" ")),
  it: new Set("il lo la gli le un una che di in del per con non si della sono come".split(" ")),
  pt: new Set("os as um uma que de em do da para com não se por mais como".split(" ")),
  nl: new Set("de het een en is van dat in op te niet met voor zijn er aan ook als".split(" ")),
};

// word -> the other languages it is a stopword of, built once.
const OTHER_STOPWORDS = new Map<string, string[]>();
for (const [code, words] of Object.entries(OTHER_LANGUAGES)) {
  for (const word of words) OTHER_STOPWORDS.set(word, [...(OTHER_STOPWORDS.get(word) ?? []), code]);
}

/** Classifies a text from its lines, words and script. */
export function detectTextKind(text: string, wordCount: number, sentenceCount: number): TextKindSignals {
  // A sample is enough to tell the kind, and keeps a 64 KB text cheap.
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const lines = sample.split(/\r?\n/).filter((line) => line.trim() !== "").slice(0, 200);
  const share = (pattern: RegExp) => (lines.length === 0 ? 0 : lines.filter((line) => pattern.test(line)).length / lines.length);
  const dialogueShare = lines.length >= 2 ? share(SPEAKER_LINE) : 0;
  const listShare = lines.length >= 2 ? share(LIST_LINE) : 0;
  const symbols = (sample.match(CODE_SYMBOLS)?.length ?? 0) / Math.max(sample.length, 1);
  const codeLines = lines.length === 0 ? 0 : lines.filter(looksLikeCode).length / lines.length;
  const codeShare = Math.min(1, codeLines * (symbols > 0.03 ? 1 : 0.5));
  const { language, englishShare, latinShare } = guessLanguage(sample.length > 4000 ? sample.slice(0, 4000) : sample);
  let kind: TextKind = "prose";
  if (codeShare >= 0.4) kind = "code";
  else if (dialogueShare >= 0.5) kind = "dialogue";
  else if (listShare >= 0.5) kind = "list";
  else if (wordCount < 40 || sentenceCount < 3) kind = "short";
  return { kind, language, englishShare, latinShare, dialogueShare, listShare, codeShare };
}

function guessLanguage(sample: string): { language: string; englishShare: number; latinShare: number } {
  const { letters, latin } = countLetters(sample);
  const latinShare = letters === 0 ? 0 : latin / letters;
  const words = sample.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const hits: Record<string, number> = { en: 0 };
  for (const word of words) {
    if (ENGLISH.has(word)) hits.en++;
    for (const code of OTHER_STOPWORDS.get(word) ?? []) hits[code] = (hits[code] ?? 0) + 1;
  }
  const englishShare = words.length === 0 ? 0 : hits.en / words.length;
  if (letters === 0) return { language: "none", englishShare, latinShare };
  if (latinShare < 0.5) return { language: scriptOf(sample), englishShare, latinShare };
  if (words.length < 4) return { language: "unknown", englishShare, latinShare };
  let best = "en";
  for (const code of Object.keys(OTHER_LANGUAGES)) if ((hits[code] ?? 0) > hits[best] * 1.2) best = code;
  return { language: best === "en" && englishShare < 0.08 ? "unknown" : best, englishShare, latinShare };
}

/** Letters, and those in the Latin script, without building an array per character. */
function countLetters(text: string): { letters: number; latin: number } {
  let letters = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      letters++;
      latin++;
    } else if (c >= 0xc0) {
      const ch = text[i];
      if (/\p{L}/u.test(ch) || (c >= 0xd800 && c <= 0xdbff)) {
        letters++;
        if (/\p{Script=Latin}/u.test(ch)) latin++;
      }
    }
  }
  return { letters, latin };
}

function scriptOf(text: string): string {
  const counts: [string, RegExp][] = [
    ["cjk", /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu],
    ["cyrillic", /\p{Script=Cyrillic}/gu],
    ["arabic", /\p{Script=Arabic}/gu],
    ["greek", /\p{Script=Greek}/gu],
    ["hebrew", /\p{Script=Hebrew}/gu],
    ["devanagari", /\p{Script=Devanagari}/gu],
  ];
  let best = "other";
  let most = 0;
  for (const [name, pattern] of counts) {
    const n = text.match(pattern)?.length ?? 0;
    if (n > most) [best, most] = [name, n];
  }
  return best;
}

export interface TextProfile {
  kind: string;
  language: string;
}

/** The kind and language of a text, for a summary that no edge tier produced; its lead tells. */
export function textProfile(text: string): TextProfile {
  const lead = text.length > MAX_SUMMARIZED_CHARS ? text.slice(0, MAX_SUMMARIZED_CHARS) : text;
  const signals = detectTextKind(lead, countWords(lead), splitSentences(lead).length);
  return { kind: signals.kind, language: signals.language };
}

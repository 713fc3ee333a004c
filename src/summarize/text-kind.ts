/**
 * What kind of text this is, from surface features: the edge summarizer is tuned for English
 * prose, so dialogues and transcripts (speaker tags in any common style), e-mail and forum
 * threads, logs and stack traces, tables, lists, code, very short texts and other languages get
 * flagged. Every rule reads a bounded sample of lines with bounded patterns.
 */

import { countWords } from "../text/words.ts";
import { MAX_SUMMARIZED_CHARS } from "./limits.ts";
import { splitSentences } from "./sentences.ts";

export type TextKind = "prose" | "dialogue" | "thread" | "log" | "table" | "list" | "code" | "short";

export interface TextKindSignals {
  kind: TextKind;
  language: string; // "en", a guess among a few others ("de", "fr", ...), or the script ("cjk", "cyrillic", ...)
  englishShare: number; // share of word tokens that are common English function words
  latinShare: number; // share of letters in the Latin script
  dialogueShare: number; // share of lines that are a speaker's turn ("Alice:", "[10:02] bob:", "<bob>", "**Bob**:", "Speaker 2 (00:01:05):")
  threadShare: number; // share of lines that are quoted replies or mail headers
  logShare: number; // share of lines that look like log records or stack frames
  listShare: number; // share of lines that start with a bullet or a number
  codeShare: number; // share of lines that look like code
}

/** A quoted reply ("> ...") or a mail header line. */
const THREAD_LINE = /^\s*(?:>|(?:From|To|Cc|Bcc|Subject|Date|Sent|Reply-To):\s)/i;
/** Two header lines in a row, as a forwarded or quoted e-mail has. */
const MAIL_HEADERS = /^(?:From|Sent|Date|To):[^\n]{1,200}\n(?:From|Sent|Date|To|Cc|Subject):/im;
const REPLY_INTRO = /^On [^\n]{5,120} wrote:\s*$/m;
/** A log record (a timestamp or a level first) or a stack frame. */
const LOG_LINE = /^\s*(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}[.,\]\s]|\[?(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b|at\s+[\w.$<>]+\s*\(|File "[^"]{1,200}", line \d|Traceback \(most recent|[\w.]{1,80}(?:Exception|Error):\s)/;
/** A table row: cells between pipes, or three or more tab-separated cells. */
const TABLE_LINE = /^\s*\|.*\|\s*$|^[^\t\n]*\t[^\t\n]*\t/;
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
/** A sample is enough to tell the kind, and keeps a 64 KB text cheap. */
const SAMPLE_CHARS = 20_000;
const SAMPLE_LINES = 200;

/** The first non-blank lines of a text's first SAMPLE_CHARS: what the kind rules read. */
export function sampleLines(text: string): string[] {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  return sample.split(/\r?\n/).filter((line) => line.trim() !== "").slice(0, SAMPLE_LINES);
}

export function detectTextKind(text: string, wordCount: number, sentenceCount: number, lines = sampleLines(text)): TextKindSignals {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const share = (pattern: RegExp) => (lines.length === 0 ? 0 : lines.filter((line) => pattern.test(line)).length / lines.length);
  const turns = speakerTurns(lines);
  const dialogueShare = lines.length >= 2 ? turns.share : 0;
  const listShare = lines.length >= 2 ? share(LIST_LINE) : 0;
  const threadShare = lines.length >= 2 ? share(THREAD_LINE) : 0;
  const logShare = lines.length >= 2 ? share(LOG_LINE) : 0;
  const tableShare = lines.length >= 2 ? share(TABLE_LINE) : 0;
  const symbols = (sample.match(CODE_SYMBOLS)?.length ?? 0) / Math.max(sample.length, 1);
  const codeLines = lines.length === 0 ? 0 : lines.filter(looksLikeCode).length / lines.length;
  const codeShare = Math.min(1, codeLines * (symbols > 0.03 ? 1 : 0.5));
  const { language, englishShare, latinShare } = guessLanguage(sample.length > 4000 ? sample.slice(0, 4000) : sample);
  let kind: TextKind = "prose";
  if (logShare >= 0.4) kind = "log";
  else if (codeShare >= 0.4) kind = "code";
  else if (threadShare >= 0.2 || MAIL_HEADERS.test(sample) || REPLY_INTRO.test(sample)) kind = "thread";
  else if (dialogueShare >= 0.5 && turns.dialogue) kind = "dialogue";
  else if (tableShare >= 0.3) kind = "table";
  else if (listShare >= 0.5) kind = "list";
  else if (wordCount < 40 || sentenceCount < 3) kind = "short";
  return { kind, language, englishShare, latinShare, dialogueShare, threadShare, logShare, listShare, codeShare };
}

/** A time or bracketed stamp before a speaker: "[10:32]", "(00:01:05)", "10:32 pm -". */
const STAMP = /^(?:\[[^\]]{1,24}\]|\(?\d{1,2}:\d{2}(?::\d{2})?\)?(?:\s?[AaPp][Mm])?)\s*[-–—]?\s*/;
const IRC_NICK = /^<([^<>\s]{1,30})>\s*\S/;
/** A tag's trailing verb or timestamp: "Alice said", "Speaker 2 (00:01:05)". */
const TAG_SUFFIX = /\s*(?:\((?:\d{1,2}:){1,2}\d{2}(?:[.,]\d+)?\)|\s(?:said|says|wrote|writes|asked|asks|replied|replies))$/i;

/**
 * The speaker of a line that is a turn of a conversation, normalised, or null: a short tag
 * (at most 3 words and 32 characters, with a letter) before a ":" early in the line, after an
 * optional stamp or bullet, in plain, bold (**Bob**), hashed (#Person1#) or IRC (<bob>) style.
 */
export function speakerOf(line: string): string | null {
  const rest = line.trimStart().replace(STAMP, "").replace(/^[-*•]\s+/, "");
  const irc = IRC_NICK.exec(rest);
  if (irc) return irc[1].toLowerCase();
  // The tag ends at the first ": " (a stamp like "(00:01:05)" inside it has no space after its colons).
  const colon = rest.indexOf(": ");
  if (colon <= 0 || colon > 48 || !/\S/.test(rest.slice(colon + 1, colon + 40))) return null;
  const tag = rest.slice(0, colon).replace(TAG_SUFFIX, "").replace(/[*_#~`"“”]/g, "").trim();
  if (tag.length === 0 || tag.length > 32 || tag.split(/\s+/).length > 3 || !/\p{L}/u.test(tag)) return null;
  return tag.toLowerCase();
}

/**
 * Lines that are turns, and whether they make a conversation: at least two turns among few
 * speakers (a list of "Note:", "Tip:", "Step 1:" labels names something new on each line).
 */
function speakerTurns(lines: readonly string[]): { share: number; dialogue: boolean } {
  const speakers = new Map<string, number>();
  let turns = 0;
  for (const line of lines) {
    const speaker = speakerOf(line);
    if (speaker === null) continue;
    turns++;
    speakers.set(speaker, (speakers.get(speaker) ?? 0) + 1);
  }
  const share = lines.length === 0 ? 0 : turns / lines.length;
  return { share, dialogue: turns >= 2 && speakers.size <= Math.max(2, turns / 2) };
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

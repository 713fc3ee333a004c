/**
 * Sentence segmentation for English prose that survives abbreviations (Mr., U.S., e.g.,
 * Inc.), decimals and prices ($10.9bn, 3.5%), quotes ("...," he said.) and sentences glued
 * without a space ("...$10.9bn.For the year"). Blank lines and list-like lines are boundaries.
 *
 * Linear time on any input: one left-to-right pass, every character looked at a bounded number
 * of times. The word before a full stop is read from at most its last MAX_TOKEN characters (no
 * abbreviation is longer), and quotes and token starts are counted as the pass goes instead of
 * by walking back.
 */
import { BEFORE_NUMBER, MAYBE_FINAL, NEVER_FINAL, SENTENCE_STARTERS } from "./abbreviations.ts";

const LIST_MARKER = /^\s*(?:[-*•·–>]|\d{1,3}[.)]|[a-zA-Z][.)]\s|\[[ xX]\])\s*/;
const SPEAKER = /^\s*[\p{Lu}][\p{L}\p{N}_ .'-]{0,30}:\s/u;
/** The word before a full stop matters only as an abbreviation, an initial or an acronym. */
const MAX_TOKEN = 64;

/** Splits text into sentences, trimmed, in order; empty input gives []. */
export function splitSentences(text: string): string[] {
  if (typeof text !== "string") return [];
  const sentences: string[] = [];
  for (const block of splitLines(text)) {
    for (const sentence of splitBlock(block)) {
      const trimmed = collapseSpaces(sentence);
      if (trimmed !== "") sentences.push(trimmed);
    }
  }
  return sentences;
}

/** Whitespace runs as single spaces, trimmed; prose that has only single spaces is just trimmed. */
function collapseSpaces(text: string): string {
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, " ").trim() : text.trim();
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** JavaScript's `\s`, by character code. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The last code point of `text` that is not whitespace, or "" (what `trimEnd().at(-1)` would be). */
function lastNonSpace(text: string): string {
  let i = text.length - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (i < 0) return "";
  const low = text.charCodeAt(i);
  return low >= 0xdc00 && low <= 0xdfff && i > 0 ? text.slice(i - 1, i + 1) : text[i];
}

const WRAPPING_END = /^[\p{Ll},;(-]$/u;
const LOWERCASE = /\p{Ll}/uy;

/** Whether the character at `at` is a lowercase letter (ASCII without a regex). */
function lowercaseAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return c >= 97 && c <= 122;
  return sticky(LOWERCASE, text, at);
}

/** Whether a line ending in `tail` runs on: a lowercase letter, a comma, a semicolon, "(" or "-". */
function wrapsAfter(tail: string): boolean {
  if (tail.length === 1 && tail.charCodeAt(0) < 128) return (tail >= "a" && tail <= "z") || tail === "," || tail === ";" || tail === "(" || tail === "-";
  return WRAPPING_END.test(tail);
}

/** Whether a line may start a list item or a speaker's turn (a cheap test before the patterns). */
function mayStartNew(line: string): boolean {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  const c = line.charCodeAt(i);
  // A lowercase ASCII letter starts neither a speaker ("Bob:") nor a list marker unless "a) " or "a. ".
  if (c >= 97 && c <= 122) return line.charCodeAt(i + 1) === 46 || line.charCodeAt(i + 1) === 41;
  return i < line.length;
}

/** Paragraphs, then lines: a single newline is a boundary unless it wraps a running sentence. */
function splitLines(text: string): string[] {
  const blocks: string[] = [];
  for (const paragraph of text.split(/\r?\n[ \t]*(?:\r?\n\s*)+/)) {
    // The lines of the block being built, and the last non-space character of their join.
    let current: string[] = [];
    let tail = "";
    const lines = paragraph.split("\n");
    for (let i = 0; i < lines.length; i++) {
      // "\r\n" ends a line too; a "\r" that no "\n" follows stays.
      const line = i < lines.length - 1 && lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
      const wraps = wrapsAfter(tail) && lowercaseAt(line, firstNonSpace(line));
      const startsNew = mayStartNew(line) && (LIST_MARKER.test(line) || SPEAKER.test(line));
      const lineTail = lastNonSpace(line);
      if (current.length > 0 && !(current.length === 1 && current[0] === "") && (startsNew || !wraps)) {
        blocks.push(current.join(" "));
        current = [line];
        tail = lineTail;
      } else {
        if (current.length === 1 && current[0] === "") current = [line];
        else current.push(line);
        if (lineTail !== "") tail = lineTail;
      }
    }
    const block = current.join(" ");
    if (block.trim() !== "") blocks.push(block);
  }
  return blocks;
}

/** The end of the terminal punctuation starting at `i` ("...", "…", a run of .!? or of 。！？), or -1. */
function punctuationEnd(block: string, i: number): number {
  const c = block.charCodeAt(i);
  if (c === 46 && block.charCodeAt(i + 1) === 46 && block.charCodeAt(i + 2) === 46) return i + 3;
  if (c === 0x2026) return i + 1;
  let j = i;
  if (c === 46 || c === 33 || c === 63) {
    while (j < block.length && isLatinStop(block.charCodeAt(j))) j++;
    return j;
  }
  if (isCjkStop(c)) {
    while (j < block.length && isCjkStop(block.charCodeAt(j))) j++;
    return j;
  }
  return -1;
}

const isLatinStop = (c: number) => c === 46 || c === 33 || c === 63;
const isCjkStop = (c: number) => c === 0x3002 || c === 0xff01 || c === 0xff1f;
/** Closing quotes and brackets that belong to the sentence a stop ends: " ' ” ’ » ) ] 」 』. */
const isCloser = (c: number) => c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 41 || c === 93 || c === 0x300d || c === 0x300f;
/** Opening quotes and brackets stripped from the word before a stop: " ' “ ‘ ( [. */
const isOpener = (c: number) => c === 34 || c === 39 || c === 0x201c || c === 0x2018 || c === 40 || c === 91;

function splitBlock(block: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  // Scanned up to `scanned`: straight quotes since `start`, and where the current token began.
  let scanned = 0;
  let quotes = 0;
  let tokenStart = 0;
  for (let at = 0; at < block.length; ) {
    const stopEnd = punctuationEnd(block, at);
    if (stopEnd < 0) {
      at++;
      continue;
    }
    for (; scanned < at; scanned++) {
      const c = block.charCodeAt(scanned);
      if (c === 34) quotes++;
      else if (isSpace(c)) tokenStart = scanned + 1;
    }
    let end = stopEnd;
    while (end < block.length && isCloser(block.charCodeAt(end))) end++;
    let cut = end;
    // A straight quote right after the stop opens the next sentence when quotes so far are balanced.
    if (end > stopEnd && block.charCodeAt(stopEnd) === 34 && quotes % 2 === 0) cut = stopEnd;
    if (isBoundary(block, Math.max(start, tokenStart, at - MAX_TOKEN), at, stopEnd, end)) {
      pieces.push(block.slice(start, cut));
      start = cut;
      // The next sentence starts at the cut: count again from there.
      scanned = Math.max(scanned, cut);
      quotes = 0;
      tokenStart = Math.max(tokenStart, cut);
    }
    at = end;
  }
  pieces.push(block.slice(start));
  return pieces;
}

const GLUED_NEXT = /(?:["'“‘]?\p{Lu}(?![.\p{N}])|["“]\p{N})/uy;
const NEXT_WORD = /["'“‘]?([\p{L}']{1,32})/uy;
const UPPERCASE = /^\p{Lu}$/u;
const ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
/** No abbreviation in the lists is longer than this: a longer word is never one. */
const LONGEST_ABBREVIATION = 8;

/** A cheap test for what can follow a glued stop: an uppercase letter, a quote or a non-ASCII character. */
function mayBeGluedStart(c: number): boolean {
  return (c >= 65 && c <= 90) || c === 34 || c === 39 || c >= 128;
}

/** Whether the stop block[at, stopEnd) (with closers up to `end`) ends a sentence. */
function isBoundary(block: string, tokenStart: number, at: number, stopEnd: number, end: number): boolean {
  let next = end;
  while (next < block.length && isSpace(block.charCodeAt(next))) next++;
  if (next === block.length) return false; // the block's end is a boundary anyway
  const gap = next - end;
  if (isCjkStop(block.charCodeAt(at))) return true;
  // Most stops are decided by the next character alone; only then is the word before read.
  if (gap === 0 && !mayBeGluedStart(block.charCodeAt(next))) return false;
  if (gap > 0 && lowercaseAt(block, next)) return false;
  const fullStop = stopEnd - at === 1 && block.charCodeAt(at) === 46;
  if (gap > 0 && !fullStop) return true;
  while (tokenStart < at && isOpener(block.charCodeAt(tokenStart))) tokenStart++;
  const token = block.slice(tokenStart, at);
  if (gap === 0) return isGlued(token, block, next);
  const word = token.length <= LONGEST_ABBREVIATION ? token.toLowerCase() : "(long)";
  const digit = block.charCodeAt(next);
  if (digit >= 48 && digit <= 57) return !NEVER_FINAL.has(word) && !BEFORE_NUMBER.has(word) && word !== "";
  if (NEVER_FINAL.has(word)) return false;
  if (token.length <= 2 && UPPERCASE.test(token)) return false; // an initial: "George W. Bush"
  if (MAYBE_FINAL.has(word) || (token.includes(".") && isAcronym(token))) return SENTENCE_STARTERS.has(nextWord(block, next));
  return true;
}

/** "U.S", "e.g", "U.S.A": letters joined by single dots (`/^(?:\p{L}\.)+\p{L}$/u`, ASCII by hand). */
function isAcronym(token: string): boolean {
  if (/[^\x00-\x7f]/.test(token)) return ACRONYM.test(token);
  if (token.length < 3 || token.length % 2 === 0) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (i % 2 === 1 ? c !== 46 : !((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** The lower-cased word at `at` (after one opening quote), at most 32 letters: what SENTENCE_STARTERS is looked up by. */
function nextWord(block: string, at: number): string {
  let i = at;
  let end = at;
  const first = block.charCodeAt(i);
  if (first === 34 || first === 39 || first === 0x201c || first === 0x2018) i++;
  for (end = i; end < block.length && end - i < 32; end++) {
    const c = block.charCodeAt(end);
    if (c >= 128) {
      NEXT_WORD.lastIndex = at;
      return NEXT_WORD.exec(block)?.[1]?.toLowerCase() ?? "";
    }
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39)) break;
  }
  return block.slice(i, end).toLowerCase();
}

function sticky(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** "$10.9bn.For the year" and "AOL.For" end a sentence; "3.5", "U.S.A", "example.com" and "e.g.It" do not. */
function isGlued(token: string, block: string, next: number): boolean {
  if (!sticky(GLUED_NEXT, block, next)) return false;
  const lastSegment = token.slice(token.lastIndexOf(".") + 1).toLowerCase();
  return lastSegment.replace(/["'’”)\]]+$/, "").length > 1 && !NEVER_FINAL.has(lastSegment);
}

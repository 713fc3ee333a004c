/**
 * Sentence segmentation for English prose that survives abbreviations (Mr., U.S., e.g.,
 * Inc.), decimals and prices ($10.9bn, 3.5%), quotes ("...," he said.) and sentences glued
 * without a space ("...$10.9bn.For the year"). Blank lines and list-like lines are boundaries.
 */
import { BEFORE_NUMBER, MAYBE_FINAL, NEVER_FINAL, SENTENCE_STARTERS } from "./abbreviations.ts";

// A run of terminal punctuation and any closing quotes or brackets after it.
const TERMINAL = /(\.{3}|…|[.!?]+|[。！？]+)(["'”’»)\]」』]*)/g;
const LIST_MARKER = /^\s*(?:[-*•·–>]|\d{1,3}[.)]|[a-zA-Z][.)]\s|\[[ xX]\])\s*/;
const SPEAKER = /^\s*[\p{Lu}][\p{L}\p{N}_ .'-]{0,30}:\s/u;

/** Splits text into sentences, trimmed, in order; empty input gives []. */
export function splitSentences(text: string): string[] {
  if (typeof text !== "string") return [];
  const sentences: string[] = [];
  for (const block of splitLines(text)) {
    for (const sentence of splitBlock(block)) {
      const trimmed = sentence.replace(/\s+/g, " ").trim();
      if (trimmed !== "") sentences.push(trimmed);
    }
  }
  return sentences;
}

/** Paragraphs, then lines: a single newline is a boundary unless it wraps a running sentence. */
function splitLines(text: string): string[] {
  const blocks: string[] = [];
  for (const paragraph of text.split(/\r?\n[ \t]*(?:\r?\n\s*)+/)) {
    let current = "";
    for (const line of paragraph.split(/\r?\n/)) {
      const wraps = /[\p{Ll},;(-]$/u.test(current.trimEnd()) && /^\s*\p{Ll}/u.test(line);
      const startsNew = LIST_MARKER.test(line) || SPEAKER.test(line);
      if (current !== "" && (startsNew || !wraps)) {
        blocks.push(current);
        current = line;
      } else current = current === "" ? line : `${current} ${line}`;
    }
    if (current.trim() !== "") blocks.push(current);
  }
  return blocks;
}

function splitBlock(block: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of block.matchAll(TERMINAL)) {
    const end = (match.index ?? 0) + match[0].length;
    let cut = end;
    // A straight quote right after the stop opens the next sentence when quotes so far are balanced.
    if (match[2].startsWith('"') && countQuotes(block.slice(start, match.index)) % 2 === 0) {
      cut = (match.index ?? 0) + match[1].length;
    }
    if (isBoundary(block, start, match.index ?? 0, match[1], end)) {
      pieces.push(block.slice(start, cut));
      start = cut;
    }
  }
  pieces.push(block.slice(start));
  return pieces;
}

function countQuotes(text: string): number {
  let n = 0;
  for (const c of text) if (c === '"') n++;
  return n;
}

function isBoundary(block: string, sentenceStart: number, at: number, punctuation: string, end: number): boolean {
  const rest = block.slice(end);
  const gap = /^\s*/.exec(rest)![0].length;
  const next = rest.slice(gap);
  if (next === "") return false; // the block's end is a boundary anyway
  let tokenStart = at;
  while (tokenStart > sentenceStart && !/\s/.test(block[tokenStart - 1])) tokenStart--;
  const token = block.slice(tokenStart, at).replace(/^["'“‘(\[]+/, "");
  if (/[。！？]/.test(punctuation)) return true;
  if (gap === 0) return isGlued(token, next);
  if (/^\p{Ll}/u.test(next)) return false;
  if (punctuation !== ".") return true;
  const word = token.toLowerCase();
  if (/^\d/.test(next)) return !NEVER_FINAL.has(word) && !BEFORE_NUMBER.has(word) && word !== "";
  if (NEVER_FINAL.has(word)) return false;
  if (/^\p{Lu}$/u.test(token)) return false; // an initial: "George W. Bush"
  if (MAYBE_FINAL.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(token)) {
    return SENTENCE_STARTERS.has(/^["'“‘]?([\p{L}']+)/u.exec(next)?.[1]?.toLowerCase() ?? "");
  }
  return true;
}

/** "$10.9bn.For the year" and "AOL.For" end a sentence; "3.5", "U.S.A", "example.com" and "e.g.It" do not. */
function isGlued(token: string, next: string): boolean {
  if (!/^(?:["'“‘]?\p{Lu}(?![.\p{N}])|["“]\p{N})/u.test(next)) return false;
  const lastSegment = token.slice(token.lastIndexOf(".") + 1).toLowerCase();
  return lastSegment.replace(/["'’”)\]]+$/, "").length > 1 && !NEVER_FINAL.has(lastSegment);
}

/**
 * Hashed sparse features of a text: word unigrams, word bigrams, skip-bigrams and character
 * n-grams within word boundaries. Each feature is a 32-bit hash (no string is kept), so the
 * model stores only the hashes it saw in training and collisions are negligible.
 */
import { normaliseText, words } from "./tokens.ts";

/** Which n-grams to extract; stored in the artifact so inference matches training. */
export interface FeatureConfig {
  /** Shortest and longest character n-gram, counted on "<word>" with boundary marks. */
  readonly charMin: number;
  readonly charMax: number;
  /** Whether adjacent word pairs are features. */
  readonly wordBigrams: boolean;
  /** Whether word pairs with one word between them ("cancel _ card") are features. */
  readonly skipBigrams: boolean;
  /**
   * Weight of the word block (unigrams, bigrams, skip-bigrams) against the character block (1). Each block
   * is L2-normalised on its own, so the many character n-grams do not drown the few words.
   */
  readonly wordWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = { charMin: 2, charMax: 4, wordBigrams: true, skipBigrams: true, wordWeight: 1 };

/** The block a feature hash belongs to is its lowest bit: word features even, character n-grams odd. */
export function isCharFeature(hash: number): boolean {
  return (hash & 1) === 1;
}

/** A text's features: distinct hashes (ascending) and how often each occurred. */
export interface FeatureCounts {
  readonly hashes: Uint32Array;
  readonly counts: Uint16Array;
}

const WORD_SEED = 0x9e3779b1;
const BIGRAM_SEED = 0x85ebca6b;
const CHAR_SEED = 0xc2b2ae35;
const SKIP_SEED = 0x27d4eb2f;
const START = 0x3c; // "<" and ">" mark word edges inside character n-grams
const END = 0x3e;

// Scratch space reused across calls (inference is synchronous, so no call can interleave).
let found = new Uint32Array(1024);
let codes = new Uint16Array(256);

/** Counts the hashed features of a raw text. */
export function extractFeatures(text: string, config: FeatureConfig): FeatureCounts {
  const tokens = words(normaliseText(text));
  // Worst case per token: a word, two word pairs and (charMax - charMin + 1) grams per position.
  const perChar = Math.max(0, config.charMax - config.charMin + 1);
  let bound = 2;
  for (const token of tokens) bound += 3 + (token.length + 2) * perChar;
  if (found.length < bound) found = new Uint32Array(bound);
  let length = 0;
  const add = (hash: number) => {
    found[length++] = hash;
  };
  let previous = 0x2f; // a sentence-start pseudo word, so "first word" is a bigram too
  let beforePrevious = 0x2f;
  for (const token of tokens) {
    const wordHash = (hashString(token, WORD_SEED) & ~1) >>> 0;
    add(wordHash);
    if (config.wordBigrams) add(pairHash(previous, wordHash));
    if (config.skipBigrams) add(pairHash(beforePrevious ^ SKIP_SEED, wordHash));
    beforePrevious = previous;
    previous = wordHash;
    addCharGrams(token, config, add);
  }
  if (config.wordBigrams && tokens.length > 0) add(pairHash(previous, 0x2e));
  return countRuns(found.subarray(0, length).sort());
}

/** Turns a sorted list of hashes into distinct hashes and their multiplicities. */
function countRuns(sorted: Uint32Array): FeatureCounts {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const hashes = new Uint32Array(distinct);
  const counts = new Uint16Array(distinct);
  let at = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) hashes[++at] = sorted[i];
    if (counts[at] < 0xffff) counts[at]++;
  }
  return { hashes, counts };
}

function addCharGrams(token: string, config: FeatureConfig, add: (hash: number) => void): void {
  const length = token.length + 2;
  if (codes.length < length) codes = new Uint16Array(length * 2);
  // Digits are folded to "0" so that phone numbers and amounts share shape n-grams.
  codes[0] = START;
  codes[length - 1] = END;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    codes[i + 1] = c >= 0x30 && c <= 0x39 ? 0x30 : c;
  }
  for (let start = 0; start < length; start++) {
    let hash = (CHAR_SEED ^ 0x811c9dc5) >>> 0;
    for (let n = 1; n <= config.charMax && start + n <= length; n++) {
      hash = Math.imul(hash ^ codes[start + n - 1], 0x01000193);
      // A whole-word n-gram repeats the unigram feature, so skip it.
      if (n >= config.charMin && !(start === 0 && n === length)) add((finalise(hash ^ n) | 1) >>> 0);
    }
  }
}

function pairHash(first: number, second: number): number {
  return (finalise(Math.imul(first, 0x01000193) ^ second ^ BIGRAM_SEED) & ~1) >>> 0;
}

/** FNV-1a over UTF-16 code units, seeded, then mixed. */
export function hashString(text: string, seed: number): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return finalise(hash);
}

/** MurmurHash3's finaliser: spreads bits so an open-addressing table probes evenly. */
function finalise(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

import { countWords } from "../text/words.ts";

/** How long a summary may be, in words (whitespace-separated tokens). */

export interface SummaryLength {
  maxWords?: number;
  ratio?: number; // of the document's words, in (0, 1]
}

/**
 * The default when neither is given: 30% of the document, but at least 25 and at most 150
 * words (a short text is returned whole; a long one gets a paragraph, not a page).
 */
export const DEFAULT_RATIO = 0.3;
export const DEFAULT_MIN_WORDS = 25;
export const DEFAULT_MAX_WORDS = 150;

/** The word budget: maxWords, or ratio × words (at least 1), the smaller if both are given. */
export function wordBudget(length: SummaryLength | undefined, documentWords: number): number {
  const maxWords = validNumber(length?.maxWords) && length!.maxWords! >= 1 ? Math.floor(length!.maxWords!) : undefined;
  const ratio = validNumber(length?.ratio) && length!.ratio! > 0 ? Math.min(length!.ratio!, 1) : undefined;
  const fromRatio = ratio === undefined ? undefined : Math.max(1, Math.round(ratio * documentWords));
  if (maxWords !== undefined && fromRatio !== undefined) return Math.min(maxWords, fromRatio);
  if (maxWords !== undefined) return maxWords;
  if (fromRatio !== undefined) return fromRatio;
  return Math.min(DEFAULT_MAX_WORDS, Math.max(DEFAULT_MIN_WORDS, Math.round(DEFAULT_RATIO * documentWords)));
}

function validNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The word budget for a whole text: every tier of a summary cascade gets the same one. */
export function summaryWordBudget(text: string, length: SummaryLength | undefined): number {
  return wordBudget(length, countWords(text));
}

/**
 * The edge summarizer: picks the most central sentences of a text under a word budget, drops
 * near-duplicates, keeps them in the text's order and says how far to trust the result.
 * Pure and deterministic; never throws.
 */
import { centrality, documentTerms } from "./centrality.ts";
import { summaryConfidence } from "./confidence.ts";
import { wordBudget, type SummaryLength } from "./length.ts";
import { MAX_SUMMARIZED_CHARS, MAX_SUMMARIZED_SENTENCES } from "./limits.ts";
import { selectSentences } from "./select.ts";
import { splitSentences } from "./sentences.ts";
import { summaryFeatures } from "./summary-features.ts";
import { isNovel, noveltyOf, shapeOf } from "./novelty.ts";
import { detectTextKind, sampleLines } from "./text-kind.ts";
import { countWords } from "../text/words.ts";

export type { SummaryLength } from "./length.ts";

export interface ExtractiveSummary {
  summary: string;
  sentenceIndices: number[]; // into splitSentences(text), ascending
  sentenceCount: number;
  words: number;
  confidence: number; // 0..1: the fitted estimate of ROUGE-L against a reference, after penalties
  signals: Record<string, number | string | boolean>; // why the confidence is what it is
}

export { MAX_SUMMARIZED_CHARS } from "./limits.ts";

export interface SummarizerSettings {
  positionPrior: number; // relevance × (1 + prior / (1 + sentence index))
  lambda: number; // MMR: weight of relevance against redundancy
  duplicateCosine: number; // never take a sentence this similar to one already taken
}

/**
 * Chosen by `npx tsx bench/tune-summarizer.ts` on the fitting half of the BBC articles: a position
 * prior did not help there (the first sentence is already the most central one in most articles).
 */
export const SUMMARIZER_SETTINGS: SummarizerSettings = { positionPrior: 0, lambda: 0.9, duplicateCosine: 0.8 };

/** Summarizes `text` by extraction; `length` defaults to 30% of the words, 25 to 150 words. */
export function summarizeExtractive(text: string, length?: SummaryLength, settings = SUMMARIZER_SETTINGS): ExtractiveSummary {
  const input = typeof text === "string" ? text : "";
  const clipped = input.length > MAX_SUMMARIZED_CHARS;
  const all = splitSentences(clipped ? leadOf(input) : input);
  const sentences = all.length > MAX_SUMMARIZED_SENTENCES ? all.slice(0, MAX_SUMMARIZED_SENTENCES) : all;
  const wordCounts = sentences.map(countWords);
  const documentWords = wordCounts.reduce((sum, n) => sum + n, 0);
  const budget = wordBudget(length, documentWords);
  const lines = sampleLines(input);
  const kind = detectTextKind(input, documentWords, sentences.length, lines);

  const terms = documentTerms(sentences);
  const relevance = centrality(terms, settings.positionPrior);
  let indices: number[];
  if (documentWords <= budget) indices = sentences.map((_, i) => i);
  else indices = selectSentences(terms.vectors, relevance, wordCounts, budget, terms.vocabularySize, settings);
  let truncated = false;
  if (indices.length === 0 && sentences.length > 0) {
    // Every sentence is longer than the budget: cut the most central one to size.
    indices = [relevance.reduce((best, r, i) => (r > relevance[best] ? i : best), 0)];
    truncated = true;
  }
  const picked = indices.map((i) => sentences[i]);
  const summary = truncated ? `${picked[0].split(/\s+/).slice(0, budget).join(" ")}…` : picked.join(" ");
  const summaryWords = truncated ? budget : indices.reduce((sum, i) => sum + wordCounts[i], 0);

  const features = summaryFeatures(terms, relevance, indices, wordCounts, summaryWords);
  const shape = shapeOf(lines, sentences, documentWords);
  const { confidence, fitted, penalty, reasons } = summaryConfidence(features, kind, truncated, isNovel(shape));
  return {
    summary,
    sentenceIndices: indices,
    sentenceCount: sentences.length,
    words: summaryWords,
    confidence,
    signals: {
      kind: kind.kind,
      language: kind.language,
      budget,
      truncated,
      clipped: clipped || all.length > MAX_SUMMARIZED_SENTENCES,
      fitted,
      penalty,
      penaltyReasons: reasons.join(","),
      novelty: round(noveltyOf(shape)),
      shape: shape.map(round).join(","),
      ...features,
      englishShare: round(kind.englishShare),
      latinShare: round(kind.latinShare),
      dialogueShare: round(kind.dialogueShare),
      listShare: round(kind.listShare),
      codeShare: round(kind.codeShare),
    },
  };
}

/** The first MAX_SUMMARIZED_CHARS of a text, ended at a line or sentence break when there is one late enough. */
function leadOf(text: string): string {
  const cut = Math.max(text.lastIndexOf("\n", MAX_SUMMARIZED_CHARS), text.lastIndexOf(". ", MAX_SUMMARIZED_CHARS - 2) + 1);
  return text.slice(0, cut > MAX_SUMMARIZED_CHARS / 2 ? cut : MAX_SUMMARIZED_CHARS);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * How good an extractive summary is likely to be: a linear model of document and summary
 * features, fitted to predict ROUGE-L F1 against the BBC reference summaries and clamped to
 * [0, 1], times explicit penalties for kinds of text the BBC data never showed it.
 */
import { CONFIDENCE_MODEL } from "./confidence-weights.ts";
import type { TextKindSignals } from "./text-kind.ts";

export interface SummaryFeatures {
  documentWords: number;
  sentences: number;
  summaryWords: number;
  ratio: number; // summary words / document words
  coverage: number; // cosine of the summary's terms with the document's
  relevanceSelected: number; // mean centrality of the sentences taken
  relevanceOthers: number; // ... and of those left out
  selectedShare: number; // sentences taken / sentences
  meanSentenceWords: number;
  focus: number; // share of content words that are the document's ten most frequent terms
  vocabularyShare: number; // distinct content terms / content words
  importanceOrder: number; // 0..1: how far document order agrees with importance order in the summary
}

/** The model's inputs, in the order of CONFIDENCE_MODEL.names (shared with the fitting script). */
export function featureVector(f: SummaryFeatures): number[] {
  return [
    Math.log1p(f.documentWords),
    Math.log1p(f.sentences),
    f.ratio,
    f.coverage,
    f.relevanceSelected,
    f.relevanceOthers,
    f.selectedShare,
    Math.log1p(f.meanSentenceWords),
    f.focus,
    f.vocabularyShare,
    f.importanceOrder,
  ];
}

export const FEATURE_NAMES = [
  "logDocumentWords", "logSentences", "ratio", "coverage", "relevanceSelected",
  "relevanceOthers", "selectedShare", "logMeanSentenceWords", "focus", "vocabularyShare", "importanceOrder",
];

/**
 * Penalties for what the fitted model cannot know (none of it occurs in the BBC articles):
 * a summary of code, a chat or a list is rarely what a reader wants from an extractive pick,
 * a short text has nothing to condense, and the word statistics are tuned for English.
 */
export const PENALTIES = { code: 0.15, log: 0.15, dialogue: 0.3, thread: 0.3, table: 0.3, list: 0.3, short: 0.3, notEnglish: 0.2, truncated: 0.5, novel: 0.3 };

/** The fitted estimate of ROUGE-L F1, clamped to [0, 1]. */
export function fittedQuality(f: SummaryFeatures): number {
  const x = featureVector(f);
  let y = CONFIDENCE_MODEL.intercept;
  for (let i = 0; i < x.length; i++) {
    // Features are held to the range seen in fitting: the model must not extrapolate.
    const [low, high] = CONFIDENCE_MODEL.ranges[i] ?? [-Infinity, Infinity];
    y += (CONFIDENCE_MODEL.weights[i] ?? 0) * Math.min(high, Math.max(low, x[i]));
  }
  return Number.isFinite(y) ? Math.min(1, Math.max(0, y)) : 0;
}

/**
 * The confidence: the fitted quality times the penalties that apply, including `novel` when
 * the text's shape lies far from every text the model was fitted and checked on.
 */
export function summaryConfidence(
  f: SummaryFeatures,
  kind: TextKindSignals,
  truncated: boolean,
  novel = false,
): { confidence: number; fitted: number; penalty: number; reasons: string[] } {
  const reasons: string[] = [];
  if (kind.kind !== "prose") reasons.push(kind.kind);
  if (kind.language !== "en" && kind.language !== "none") reasons.push("notEnglish");
  if (truncated) reasons.push("truncated");
  if (novel && kind.kind === "prose") reasons.push("novel");
  const penalty = reasons.reduce((p, r) => p * PENALTIES[r as keyof typeof PENALTIES], 1);
  const fitted = fittedQuality(f);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return { confidence: round(fitted * penalty), fitted: round(fitted), penalty: round(penalty), reasons };
}

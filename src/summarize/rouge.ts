/**
 * ROUGE as the google-research rouge-score package computes it (which matches ROUGE-1.5.5):
 * lowercase, [^a-z0-9]+ becomes a space, split on whitespace, optional Porter stemming of
 * tokens longer than 3 characters; rougeLsum splits on newlines and uses union-LCS.
 */
import { porterStem } from "./porter.ts";

export type RougeType = "rouge1" | "rouge2" | "rougeL" | "rougeLsum";
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

const ZERO: RougeScore = { precision: 0, recall: 0, fmeasure: 0 };

/** The reference tokenisation. */
export function rougeTokens(text: string, stem = false): string[] {
  const tokens = text.toLowerCase().replace(/[^a-z0-9]+/g, " ").split(/\s+/).filter((t) => t !== "");
  return stem ? tokens.map((t) => (t.length > 3 ? porterStem(t) : t)) : tokens;
}

function score(hits: number, targetCount: number, predictionCount: number): RougeScore {
  const precision = hits / Math.max(predictionCount, 1);
  const recall = hits / Math.max(targetCount, 1);
  const fmeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, fmeasure };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N from token lists. */
export function rougeN(target: string[], prediction: string[], n: number): RougeScore {
  const targetGrams = ngramCounts(target, n);
  const predictionGrams = ngramCounts(prediction, n);
  let hits = 0;
  for (const [gram, count] of targetGrams) hits += Math.min(count, predictionGrams.get(gram) ?? 0);
  return score(hits, Math.max(target.length - n + 1, 0), Math.max(prediction.length - n + 1, 0));
}

/** The LCS dynamic-programming table, rows for `a`, as one flat array of (|a|+1)(|b|+1). */
function lcsTable(a: string[], b: string[]): Uint32Array {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i * width + j] =
        a[i - 1] === b[j - 1]
          ? table[(i - 1) * width + j - 1] + 1
          : Math.max(table[(i - 1) * width + j], table[i * width + j - 1]);
    }
  }
  return table;
}

/** Length of the longest common subsequence, in O(|b|) memory. */
export function lcsLength(a: string[], b: string[]): number {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** ROUGE-L from token lists. */
export function rougeLcs(target: string[], prediction: string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return ZERO;
  return score(lcsLength(target, prediction), target.length, prediction.length);
}

/** Indices into `reference` of one LCS with `candidate`, backtracked as rouge-score does. */
function lcsIndices(reference: string[], candidate: string[]): number[] {
  const table = lcsTable(reference, candidate);
  const width = candidate.length + 1;
  const indices: number[] = [];
  let i = reference.length;
  let j = candidate.length;
  while (i > 0 && j > 0) {
    if (reference[i - 1] === candidate[j - 1]) {
      indices.push(i - 1);
      i--;
      j--;
    } else if (table[i * width + j - 1] > table[(i - 1) * width + j]) j--;
    else i--;
  }
  return indices.reverse();
}

/** Summary-level ROUGE-L (rougeLsum): union-LCS of each reference sentence with all candidate sentences. */
export function rougeLsumTokens(targetSentences: string[][], predictionSentences: string[][]): RougeScore {
  if (targetSentences.length === 0 || predictionSentences.length === 0) return ZERO;
  const m = targetSentences.reduce((sum, s) => sum + s.length, 0);
  const n = predictionSentences.reduce((sum, s) => sum + s.length, 0);
  if (m === 0 || n === 0) return ZERO;
  const targetCounts = new Map<string, number>();
  const predictionCounts = new Map<string, number>();
  for (const sentence of targetSentences) for (const t of sentence) targetCounts.set(t, (targetCounts.get(t) ?? 0) + 1);
  for (const sentence of predictionSentences) for (const t of sentence) predictionCounts.set(t, (predictionCounts.get(t) ?? 0) + 1);
  let hits = 0;
  for (const reference of targetSentences) {
    const union = new Set<number>();
    for (const candidate of predictionSentences) for (const i of lcsIndices(reference, candidate)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const token = reference[i];
      const inPrediction = predictionCounts.get(token) ?? 0;
      const inTarget = targetCounts.get(token) ?? 0;
      if (inPrediction > 0 && inTarget > 0) {
        hits++;
        predictionCounts.set(token, inPrediction - 1);
        targetCounts.set(token, inTarget - 1);
      }
    }
  }
  return score(hits, m, n);
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.length > 0);
}

/** Scores `prediction` against `target` (the reference), as rouge-score's RougeScorer does. */
export function rouge(type: RougeType, target: string, prediction: string, options: { stem?: boolean } = {}): RougeScore {
  const stem = options.stem ?? false;
  switch (type) {
    case "rouge1":
      return rougeN(rougeTokens(target, stem), rougeTokens(prediction, stem), 1);
    case "rouge2":
      return rougeN(rougeTokens(target, stem), rougeTokens(prediction, stem), 2);
    case "rougeL":
      return rougeLcs(rougeTokens(target, stem), rougeTokens(prediction, stem));
    case "rougeLsum":
      return rougeLsumTokens(
        lines(target).map((s) => rougeTokens(s, stem)),
        lines(prediction).map((s) => rougeTokens(s, stem)),
      );
  }
}

/** Features of a document and its extractive summary, the inputs of the confidence model. */
import type { DocumentTerms } from "./centrality.ts";
import type { SummaryFeatures } from "./confidence.ts";

export function summaryFeatures(
  { vectors, centroid }: DocumentTerms,
  relevance: number[],
  indices: number[],
  wordCounts: number[],
  summaryWords: number,
): SummaryFeatures {
  const documentWords = wordCounts.reduce((sum, n) => sum + n, 0);
  const chosen = new Set(indices);
  const summaryVector = new Float64Array(centroid.length);
  for (const i of indices) for (let k = 0; k < vectors[i].ids.length; k++) summaryVector[vectors[i].ids[k]] += vectors[i].counts[k];
  let dot = 0;
  let summarySquares = 0;
  let centroidSquares = 0;
  let contentTokens = 0;
  for (let t = 0; t < centroid.length; t++) {
    dot += summaryVector[t] * centroid[t];
    summarySquares += summaryVector[t] ** 2;
    centroidSquares += centroid[t] ** 2;
    contentTokens += centroid[t];
  }
  const top = sumOfLargest(centroid, 10);
  const meanOf = (pick: (i: number) => boolean) => {
    let sum = 0;
    let n = 0;
    relevance.forEach((r, i) => {
      if (pick(i)) [sum, n] = [sum + r, n + 1];
    });
    return n === 0 ? 0 : sum / n;
  };
  const n = Math.max(vectors.length, 1);
  return {
    documentWords,
    sentences: vectors.length,
    summaryWords,
    ratio: round(documentWords === 0 ? 1 : summaryWords / documentWords),
    coverage: round(summarySquares === 0 || centroidSquares === 0 ? 0 : dot / Math.sqrt(summarySquares * centroidSquares)),
    relevanceSelected: round(meanOf((i) => chosen.has(i))),
    relevanceOthers: round(meanOf((i) => !chosen.has(i))),
    selectedShare: round(indices.length / n),
    meanSentenceWords: round(documentWords / n),
    focus: round(contentTokens === 0 ? 0 : top / contentTokens),
    vocabularyShare: round(contentTokens === 0 ? 0 : centroid.length / contentTokens),
    importanceOrder: round(importanceOrder(indices, relevance, wordCounts)),
  };
}

/**
 * How far the summary, read in document order, is also in order of importance: the words of the
 * heaviest chain of sentences whose positions rise as their relevance falls (a weighted longest
 * increasing subsequence), over the summary's words. 1 for an inverted-pyramid summary.
 */
export function importanceOrder(indices: number[], relevance: number[], wordCounts: number[]): number {
  const byImportance = [...indices].sort((a, b) => relevance[b] - relevance[a] || a - b);
  const best = new Float64Array(byImportance.length);
  let total = 0;
  let heaviest = 0;
  byImportance.forEach((position, i) => {
    best[i] = wordCounts[position];
    for (let j = 0; j < i; j++) {
      if (byImportance[j] < position) best[i] = Math.max(best[i], best[j] + wordCounts[position]);
    }
    total += wordCounts[position];
    heaviest = Math.max(heaviest, best[i]);
  });
  return total === 0 ? 1 : heaviest / total;
}

/** The sum of the k largest values, without sorting them all. */
function sumOfLargest(values: Float64Array, k: number): number {
  const largest: number[] = [];
  for (const v of values) {
    if (largest.length < k) largest.push(v);
    else {
      let smallest = 0;
      for (let j = 1; j < k; j++) if (largest[j] < largest[smallest]) smallest = j;
      if (v > largest[smallest]) largest[smallest] = v;
    }
  }
  return largest.reduce((sum, v) => sum + v, 0);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

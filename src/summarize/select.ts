/**
 * Greedy maximal-marginal-relevance selection under a word budget: repeatedly take the sentence
 * with the best λ·relevance − (1−λ)·(max similarity to those taken) that still fits, skipping
 * near-duplicates; returns indices in the document's order.
 */
import { cosineWithDense, type TermVector } from "./centrality.ts";

export interface SelectionOptions {
  lambda: number; // weight of relevance against redundancy
  duplicateCosine: number; // a sentence this similar to one already taken is never taken
}

export function selectSentences(
  vectors: TermVector[],
  relevance: number[],
  wordCounts: number[],
  budget: number,
  vocabularySize: number,
  { lambda, duplicateCosine }: SelectionOptions,
): number[] {
  const n = vectors.length;
  const redundancy = new Float64Array(n);
  const open = new Uint8Array(n).fill(1);
  const dense = new Float64Array(vocabularySize);
  const chosen: number[] = [];
  let used = 0;
  for (;;) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (open[i] === 0) continue;
      if (used + wordCounts[i] > budget || redundancy[i] > duplicateCosine) {
        open[i] = 0; // budget only shrinks and redundancy only grows: it will never fit again
        continue;
      }
      const value = lambda * relevance[i] - (1 - lambda) * redundancy[i];
      if (value > bestValue) [best, bestValue] = [i, value];
    }
    if (best < 0) break;
    chosen.push(best);
    open[best] = 0;
    used += wordCounts[best];
    // Update each open sentence's redundancy with the one just taken.
    const taken = vectors[best];
    for (let k = 0; k < taken.ids.length; k++) dense[taken.ids[k]] = taken.counts[k];
    for (let i = 0; i < n; i++) {
      if (open[i] === 1) redundancy[i] = Math.max(redundancy[i], cosineWithDense(vectors[i], dense, taken.norm));
    }
    for (let k = 0; k < taken.ids.length; k++) dense[taken.ids[k]] = 0;
  }
  return chosen.sort((a, b) => a - b);
}

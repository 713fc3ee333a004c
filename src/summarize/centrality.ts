/**
 * Sentence relevance by centroid centrality: each sentence's cosine with the term-frequency
 * centroid of the *other* sentences (leaving itself out, which acts like graph centrality),
 * times a mild position prior. Terms are light-stemmed content words.
 */
import { isStopword, lightStem, wordTokens } from "./words.ts";

/** One sentence as a sparse vector over the document's vocabulary (unique ids, counts). */
export interface TermVector {
  ids: Int32Array;
  counts: Float64Array;
  norm: number;
}

export interface DocumentTerms {
  vectors: TermVector[];
  vocabularySize: number;
  centroid: Float64Array; // summed counts over all sentences
}

/** Tokenises each sentence into a sparse term vector over a shared vocabulary. */
export function documentTerms(sentences: string[]): DocumentTerms {
  const termOf = new Map<string, number>(); // word -> term id, or -1 for a stopword
  const stemIds = new Map<string, number>();
  const vectors = sentences.map((sentence) => {
    const ids: number[] = [];
    for (const word of wordTokens(sentence)) {
      let id = termOf.get(word);
      if (id === undefined) {
        if (isStopword(word)) id = -1;
        else {
          const stem = lightStem(word);
          id = stemIds.get(stem);
          if (id === undefined) stemIds.set(stem, (id = stemIds.size));
        }
        termOf.set(word, id);
      }
      if (id >= 0) ids.push(id);
    }
    return sparse(ids);
  });
  const centroid = new Float64Array(stemIds.size);
  for (const v of vectors) for (let k = 0; k < v.ids.length; k++) centroid[v.ids[k]] += v.counts[k];
  return { vectors, vocabularySize: stemIds.size, centroid };
}

function sparse(list: number[]): TermVector {
  const ids = Int32Array.from(list).sort();
  let unique = 0;
  const counts = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    if (unique > 0 && ids[unique - 1] === ids[k]) counts[unique - 1]++;
    else {
      ids[unique] = ids[k];
      counts[unique++] = 1;
    }
  }
  let squares = 0;
  for (let k = 0; k < unique; k++) squares += counts[k] * counts[k];
  return { ids: ids.slice(0, unique), counts: counts.slice(0, unique), norm: Math.sqrt(squares) };
}

/** Cosine of each sentence with the centroid of the others, scaled by (1 + prior / (1 + index)). */
export function centrality({ vectors, centroid }: DocumentTerms, positionPrior: number): number[] {
  let centroidSquares = 0;
  for (const c of centroid) centroidSquares += c * c;
  return vectors.map((v, index) => {
    if (v.norm === 0) return 0;
    // |centroid - v|² = |centroid|² - 2 c·v + |v|², and (centroid - v)·v = c·v - |v|².
    let dot = 0;
    for (let k = 0; k < v.ids.length; k++) dot += v.counts[k] * centroid[v.ids[k]];
    const squares = v.norm * v.norm;
    const othersNorm = Math.sqrt(Math.max(centroidSquares - 2 * dot + squares, 0));
    const cosine = othersNorm === 0 ? 0 : (dot - squares) / (v.norm * othersNorm);
    return cosine * (1 + positionPrior / (1 + index));
  });
}

/** Cosine between a sparse vector and a dense one whose norm is given. */
export function cosineWithDense(v: TermVector, dense: Float64Array, denseNorm: number): number {
  if (v.norm === 0 || denseNorm === 0) return 0;
  let dot = 0;
  for (let k = 0; k < v.ids.length; k++) dot += v.counts[k] * dense[v.ids[k]];
  return dot / (v.norm * denseNorm);
}

/**
 * Turns a text into the sparse TF-IDF vector a model works on. Features the model never
 * saw still count towards the vector's length, so an unfamiliar text gets a short known
 * part, small logits and therefore a low confidence: novelty flows into the probability.
 */
import { extractFeatures, isCharFeature, type FeatureConfig, type FeatureCounts } from "./features.ts";
import { lookup, type Vocabulary } from "./vocabulary.ts";

/** What vectorising needs from a model (or from a model being trained). */
export interface VectorSpace {
  readonly features: FeatureConfig;
  readonly vocabulary: Vocabulary;
  /** Inverse document frequency of each known feature. */
  readonly idf: Float32Array;
  /** The weight an unknown feature gets: the IDF of a feature seen in no document. */
  readonly unseenIdf: number;
}

/** A sparse, L2-normalised vector over known features, and how much of the text they cover. */
export interface SparseVector {
  readonly rows: Int32Array;
  readonly values: Float32Array;
  /** Share (0..1) of the full vector's squared length that falls on known features. */
  readonly coverage: number;
}

/** Sublinear TF times IDF, L2-normalised over known and unknown features alike. */
export function vectorise(space: VectorSpace, text: string): SparseVector {
  return vectoriseCounts(space, extractFeatures(text, space.features));
}

/** As `vectorise`, from already extracted features (training reuses them across folds). */
export function vectoriseCounts(space: VectorSpace, { hashes, counts }: FeatureCounts): SparseVector {
  const rows = new Int32Array(hashes.length);
  const values = new Float32Array(hashes.length);
  // Squared lengths per block (words, characters), of known and of all features.
  let wordKnown = 0;
  let wordAll = 0;
  let charKnown = 0;
  let charAll = 0;
  let known = 0;
  for (let i = 0; i < hashes.length; i++) {
    const row = lookup(space.vocabulary, hashes[i]);
    const tf = counts[i] === 1 ? 1 : 1 + Math.log(counts[i]);
    const value = tf * (row < 0 ? space.unseenIdf : space.idf[row]);
    const square = value * value;
    const isChar = isCharFeature(hashes[i]);
    if (isChar) charAll += square;
    else wordAll += square;
    if (row < 0) continue;
    if (isChar) charKnown += square;
    else wordKnown += square;
    rows[known] = row;
    // The sign marks the block until the scales are known (values are positive).
    values[known++] = isChar ? value : -value;
  }
  // Each block is scaled to its weight (word block: wordWeight, character block: 1), then the
  // whole vector to unit length, so neither block's size decides how much it counts.
  const wordWeight = wordAll > 0 ? space.features.wordWeight : 0;
  const charWeight = charAll > 0 ? 1 : 0;
  const norm = Math.sqrt(wordWeight * wordWeight + charWeight * charWeight);
  const wordScale = norm > 0 && wordAll > 0 ? -wordWeight / norm / Math.sqrt(wordAll) : 0;
  const charScale = norm > 0 && charAll > 0 ? charWeight / norm / Math.sqrt(charAll) : 0;
  for (let i = 0; i < known; i++) values[i] *= values[i] < 0 ? wordScale : charScale;
  const coverage = norm > 0 ? (wordWeight * wordWeight * share(wordKnown, wordAll) + charWeight * charWeight * share(charKnown, charAll)) / (norm * norm) : 0;
  return { rows: rows.subarray(0, known), values: values.subarray(0, known), coverage };
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

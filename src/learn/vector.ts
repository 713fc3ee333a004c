/**
 * Turns a text into the sparse TF-IDF vector a model works on. Features the model never
 * saw still count towards the vector's length, so an unfamiliar text gets a short known
 * part, small logits and therefore a low confidence: novelty flows into the probability.
 */
import { extractFeatures, type FeatureConfig, type FeatureCounts } from "./features.ts";
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
  const blocks = new Uint8Array(hashes.length);
  // Squared lengths per block (0 words, 1 characters), of known and of all features.
  const knownSquares = [0, 0];
  const allSquares = [0, 0];
  let known = 0;
  for (let i = 0; i < hashes.length; i++) {
    const block = hashes[i] & 1;
    const row = lookup(space.vocabulary, hashes[i]);
    const tf = counts[i] === 1 ? 1 : 1 + Math.log(counts[i]);
    const value = tf * (row < 0 ? space.unseenIdf : space.idf[row]);
    allSquares[block] += value * value;
    if (row < 0) continue;
    rows[known] = row;
    values[known] = value;
    blocks[known] = block;
    knownSquares[block] += value * value;
    known++;
  }
  const blockWeight = [space.features.wordWeight, 1];
  const present = blockWeight.map((w, b) => (allSquares[b] > 0 ? w * w : 0));
  const weightNorm = Math.sqrt(present[0] + present[1]);
  const scale = blockWeight.map((w, b) => (allSquares[b] > 0 && weightNorm > 0 ? w / weightNorm / Math.sqrt(allSquares[b]) : 0));
  for (let i = 0; i < known; i++) values[i] *= scale[blocks[i]];
  const coverage = weightNorm > 0 ? (present[0] * share(knownSquares[0], allSquares[0]) + present[1] * share(knownSquares[1], allSquares[1])) / (present[0] + present[1]) : 0;
  return { rows: rows.subarray(0, known), values: values.subarray(0, known), coverage };
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * Fits the feature space on training texts: which hashed features to keep and their IDF.
 */
import { type FeatureConfig, type FeatureCounts } from "./features.ts";
import { buildVocabulary } from "./vocabulary.ts";
import { type VectorSpace } from "./vector.ts";

export interface SpaceOptions {
  /** A feature must occur in at least this many training texts to be kept. */
  readonly minDocumentFrequency: number;
  /** Keep at most this many features (the most frequent), bounding the artifact's size. */
  readonly maxFeatures: number;
}

/** Keeps features by document frequency and computes smoothed IDF, log((1+N)/(1+df)) + 1. */
export function fitFeatureSpace(documents: readonly FeatureCounts[], features: FeatureConfig, options: SpaceOptions): VectorSpace {
  const frequency = new Map<number, number>();
  for (const document of documents) for (const hash of document.hashes) frequency.set(hash, (frequency.get(hash) ?? 0) + 1);
  const kept = [...frequency.entries()].filter(([, df]) => df >= options.minDocumentFrequency);
  // Most frequent first, hash as tie-break: deterministic whatever the Map's order.
  kept.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (kept.length > options.maxFeatures) kept.length = options.maxFeatures;
  kept.sort((a, b) => a[0] - b[0]);
  const n = documents.length;
  const idf = Float32Array.from(kept, ([, df]) => Math.log((1 + n) / (1 + df)) + 1);
  return { features, vocabulary: buildVocabulary(kept.map(([hash]) => hash)), idf, unseenIdf: Math.fround(Math.log(1 + n) + 1) };
}

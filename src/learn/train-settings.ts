/** Training knobs, their defaults (chosen on dev splits of the training data), and their sanitising. */
import { DEFAULT_FEATURES, type FeatureConfig } from "./features.ts";

export interface TrainOptions {
  seed?: number;
  /** Share of the examples a calibration fold holds out (default 0.2). */
  holdoutFraction?: number;
  /** How many disjoint held-out folds to fit the temperature on (default 1); each costs one extra fit. */
  calibrationFolds?: number;
  features?: FeatureConfig;
  minDocumentFrequency?: number;
  /** Most frequent features kept (default 60,000); the rest count as unseen. */
  maxFeatures?: number;
  /** Non-zero weights kept after pruning (default 400,000); bounds inference time and artifact size. */
  maxWeights?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  labelSmoothing?: number;
  /** Chance of dropping each feature in a training step (default 0.8). */
  featureDropout?: number;
}

export const DEFAULTS = {
  seed: 1,
  holdoutFraction: 0.2,
  calibrationFolds: 1,
  features: DEFAULT_FEATURES,
  minDocumentFrequency: 1,
  maxFeatures: 60_000,
  maxWeights: 400_000,
  epochs: 20,
  learningRate: 1,
  l2: 0,
  labelSmoothing: 0,
  featureDropout: 0.8,
};
export type Settings = typeof DEFAULTS;

/** Defaults overlaid with the given options, clamped into ranges the model and its artifact support. */
export function resolveSettings(options: TrainOptions): Settings {
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined)) as Partial<Settings>;
  const settings = { ...DEFAULTS, ...given };
  const features = { ...DEFAULT_FEATURES, ...settings.features };
  const charMin = Math.round(clamp(features.charMin, 1, 8, 2));
  // n-gram sizes are stored as bytes; charMax < charMin turns character n-grams off.
  const charMax = Math.round(clamp(features.charMax, charMin - 1, 8, 4));
  return {
    ...settings,
    seed: clamp(settings.seed, 0, 2 ** 32 - 1, DEFAULTS.seed),
    features: { ...features, charMin, charMax, wordWeight: clamp(features.wordWeight, 0, 100, 1) },
    epochs: Math.round(clamp(settings.epochs, 0, 1000, DEFAULTS.epochs)),
    maxFeatures: Math.round(clamp(settings.maxFeatures, 0, 10_000_000, DEFAULTS.maxFeatures)),
    maxWeights: Math.round(clamp(settings.maxWeights, 0, 1e9, DEFAULTS.maxWeights)),
    featureDropout: clamp(settings.featureDropout, 0, 0.95, 0),
    labelSmoothing: clamp(settings.labelSmoothing, 0, 1, 0),
  };
}

function clamp(value: number, low: number, high: number, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : fallback;
}

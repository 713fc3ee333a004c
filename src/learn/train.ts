/**
 * Trains a compact classifier: fits the feature space and a softmax regression, estimates
 * the temperature on folds held out from training, then refits on all examples.
 */
import { logits, type CompactClassifier } from "./classifier.ts";
import { fitTemperature, expectedCalibrationError, softmax } from "./calibration.ts";
import { DEFAULT_FEATURES, extractFeatures, type FeatureConfig, type FeatureCounts } from "./features.ts";
import { fitFeatureSpace } from "./feature-space.ts";
import { fitSoftmaxRegression } from "./optimiser.ts";
import { sparsifyRows } from "./quantise.ts";
import { createRandom, shuffled } from "./random.ts";
import { vectoriseCounts } from "./vector.ts";

export interface TrainOptions {
  seed?: number;
  /** Share of the examples each calibration fold holds out (default 0.2). */
  holdoutFraction?: number;
  /** How many disjoint held-out folds to fit the temperature on (default 1); each costs one extra fit. */
  calibrationFolds?: number;
  features?: FeatureConfig;
  minDocumentFrequency?: number;
  maxFeatures?: number;
  /** Non-zero weights kept after pruning; bounds inference time and artifact size. */
  maxWeights?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  labelSmoothing?: number;
  featureDropout?: number;
}

export interface TrainingReport {
  model: CompactClassifier;
  metrics: {
    holdout_accuracy: number | null;
    ece: number | null;
    temperature: number;
    train_examples: number;
    holdout_examples: number;
    labels: number;
  };
  /** Calibrated predictions on texts the predicting model was not fit on. */
  holdout: { label: string; gold: string; confidence: number }[];
}

const DEFAULTS = {
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
type Settings = typeof DEFAULTS;

// Below these, a held-out fold is too small to fit a temperature without over-fitting it.
const MIN_HOLDOUT_EXAMPLES = 20;
const MIN_EXAMPLES_PER_LABEL = 2;

interface Encoded {
  readonly counts: FeatureCounts;
  readonly gold: number;
  readonly text: string;
}

/** Trains on labelled texts; never throws on odd input (empty, one label, duplicates, any Unicode). */
export function trainClassifier(examples: readonly { text: string; label: string }[], options: TrainOptions = {}): TrainingReport {
  const settings = sanitise({ ...DEFAULTS, ...definedOnly(options) });
  const clean = examples.map((e) => ({ text: String(e?.text ?? ""), label: String(e?.label ?? "") }));
  const labels = [...new Set(clean.map((e) => e.label))].sort();
  const index = new Map(labels.map((label, k) => [label, k]));
  const encoded: Encoded[] = clean.map((e) => ({ text: e.text, gold: index.get(e.label)!, counts: extractFeatures(e.text, settings.features) }));

  const folds = calibrationFolds(encoded, labels.length, settings);
  const heldOut: { logits: Float64Array; example: Encoded }[] = [];
  for (const { train, test } of folds) {
    const model = fitModel(train, labels, settings, 1);
    for (const example of test) heldOut.push({ example, logits: logits(model, vectoriseCounts(model, example.counts)) });
  }
  const temperature = heldOut.length > 0 ? fitTemperature(heldOut.map((h) => h.logits), heldOut.map((h) => h.example.gold)) : 1;
  const model = fitModel(encoded, labels, settings, temperature);

  const holdout = heldOut.map(({ example, logits: raw }) => {
    const probability = softmax(raw, temperature);
    let best = 0;
    for (let k = 1; k < probability.length; k++) if (probability[k] > probability[best]) best = k;
    return { label: labels[best], gold: labels[example.gold], confidence: probability[best] };
  });
  const correct = holdout.map((h) => h.label === h.gold);
  return {
    model,
    metrics: {
      holdout_accuracy: holdout.length > 0 ? correct.filter(Boolean).length / holdout.length : null,
      ece: holdout.length > 0 ? expectedCalibrationError(holdout.map((h) => h.confidence), correct) : null,
      temperature,
      train_examples: encoded.length,
      holdout_examples: holdout.length,
      labels: labels.length,
    },
    holdout,
  };
}

/** Fits feature space, weights and quantisation on the given examples. */
function fitModel(examples: readonly Encoded[], labels: readonly string[], settings: Settings, temperature: number): CompactClassifier {
  const space = fitFeatureSpace(examples.map((e) => e.counts), settings.features, settings);
  const vectors = examples.map((e) => vectoriseCounts(space, e.counts));
  const { weights, bias } = fitSoftmaxRegression(vectors, examples.map((e) => e.gold), space.vocabulary.size, labels.length, settings);
  const quantised = sparsifyRows(weights, labels.length, space.idf, settings.maxWeights);
  return { ...space, labels: [...labels], ...quantised, bias, temperature };
}

/**
 * Disjoint stratified held-out folds, each paired with the rest of the data. None when the
 * data is too small or has a single label: the caller then keeps temperature 1.
 */
function calibrationFolds(examples: readonly Encoded[], labelCount: number, settings: Settings) {
  const fraction = Math.min(0.5, Math.max(0.05, settings.holdoutFraction));
  const foldCount = Math.min(settings.calibrationFolds, Math.floor(1 / fraction));
  const perFold = Math.floor(examples.length * fraction);
  if (labelCount < 2 || foldCount < 1 || perFold < MIN_HOLDOUT_EXAMPLES) return [];
  // Stratify: deal each label's shuffled examples round-robin into 1/fraction slices.
  const random = createRandom(settings.seed ^ 0x5eed);
  const slices = Math.floor(1 / fraction);
  const sliceOf = new Map<Encoded, number>();
  const byLabel = new Map<number, Encoded[]>();
  for (const example of examples) {
    const group = byLabel.get(example.gold);
    if (group) group.push(example);
    else byLabel.set(example.gold, [example]);
  }
  let next = 0;
  for (const group of byLabel.values()) {
    // A label with too few examples stays in training, so every fold model knows it.
    if (group.length < MIN_EXAMPLES_PER_LABEL * 2) continue;
    for (const example of shuffled(group, random)) sliceOf.set(example, next++ % slices);
  }
  return Array.from({ length: foldCount }, (_, fold) => ({
    train: examples.filter((e) => sliceOf.get(e) !== fold),
    test: examples.filter((e) => sliceOf.get(e) === fold),
  }));
}

/** Clamps knobs into ranges the model and its artifact format support (n-gram sizes are stored as bytes). */
function sanitise(settings: Settings): Settings {
  const clamp = (value: number, low: number, high: number) => (Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low);
  const charMin = Math.round(clamp(settings.features.charMin, 1, 8));
  const charMax = Math.round(clamp(settings.features.charMax, charMin - 1, 8)); // charMax < charMin turns character n-grams off
  return {
    ...settings,
    features: { ...settings.features, charMin, charMax, wordWeight: Number.isFinite(settings.features.wordWeight) ? clamp(settings.features.wordWeight, 0, 100) : 1 },
    epochs: Math.round(clamp(settings.epochs, 0, 1000)),
    maxFeatures: Math.round(clamp(settings.maxFeatures, 0, 10_000_000)),
    maxWeights: Math.round(clamp(settings.maxWeights, 0, 1e9)),
  };
}

function definedOnly(options: TrainOptions): Partial<Settings> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<Settings>;
}

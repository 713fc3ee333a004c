/**
 * Trains a compact classifier: fits the feature space and a softmax regression, estimates
 * the temperature on folds held out from training, then refits on all examples.
 */
import { logits, type CompactClassifier } from "./classifier.ts";
import { fitTemperature, expectedCalibrationError, softmax } from "./calibration.ts";
import { extractFeatures } from "./features.ts";
import { fitFeatureSpace } from "./feature-space.ts";
import { calibrationFolds, type Encoded } from "./holdout-folds.ts";
import { fitSoftmaxRegression } from "./optimiser.ts";
import { sparsifyRows } from "./quantise.ts";
import { resolveSettings, type Settings, type TrainOptions } from "./train-settings.ts";
import { vectoriseCounts } from "./vector.ts";

export type { TrainOptions };

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

/** Trains on labelled texts; never throws on odd input (empty, one label, duplicates, any Unicode). */
export function trainClassifier(examples: readonly { text: string; label: string }[], options: TrainOptions = {}): TrainingReport {
  const settings = resolveSettings(options);
  const clean = (Array.isArray(examples) ? examples : []).map((e) => ({ text: String(e?.text ?? ""), label: String(e?.label ?? "") }));
  const labels = [...new Set(clean.map((e) => e.label))].sort();
  const index = new Map(labels.map((label, k) => [label, k]));
  const encoded: Encoded[] = clean.map((e) => ({ text: e.text, gold: index.get(e.label)!, counts: extractFeatures(e.text, settings.features) }));

  const folds = calibrationFolds(encoded, labels.length, settings.holdoutFraction, settings.calibrationFolds, settings.seed);
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

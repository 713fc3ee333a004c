/** Accuracy, macro-F1 and calibration of a classifier on labelled texts. */
import { expectedCalibrationError } from "./calibration.ts";
import { predict, type CompactClassifier } from "./classifier.ts";

export interface Evaluation {
  accuracy: number;
  /** Unweighted mean over gold labels of per-label F1. */
  macro_f1: number;
  /** Expected calibration error, 15 equal-width bins. */
  ece: number;
  predictions: { label: string; gold: string; confidence: number }[];
}

/** Predicts every example and scores the predictions. */
export function evaluateClassifier(model: CompactClassifier, examples: readonly { text: string; label: string }[]): Evaluation {
  const predictions = examples.map((example) => {
    const { label, confidence } = predict(model, example.text);
    return { label, gold: example.label, confidence };
  });
  return { ...scorePredictions(predictions), predictions };
}

/** Scores predictions that were already made (e.g. a training report's held-out ones). */
export function scorePredictions(predictions: readonly { label: string; gold: string; confidence: number }[]) {
  const correct = predictions.map((p) => p.label === p.gold);
  return {
    accuracy: predictions.length > 0 ? correct.filter(Boolean).length / predictions.length : Number.NaN,
    macro_f1: macroF1(predictions),
    ece: expectedCalibrationError(predictions.map((p) => p.confidence), correct),
  };
}

/** Macro-averaged F1 over the gold labels (a label never predicted scores 0). */
export function macroF1(predictions: readonly { label: string; gold: string }[]): number {
  const truePositive = new Map<string, number>();
  const predicted = new Map<string, number>();
  const actual = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const { label, gold } of predictions) {
    bump(predicted, label);
    bump(actual, gold);
    if (label === gold) bump(truePositive, gold);
  }
  if (actual.size === 0) return Number.NaN;
  let sum = 0;
  for (const [gold, count] of actual) {
    const hits = truePositive.get(gold) ?? 0;
    const denominator = count + (predicted.get(gold) ?? 0);
    sum += denominator > 0 ? (2 * hits) / denominator : 0;
  }
  return sum / actual.size;
}

/**
 * The compact classifier: a multinomial logistic regression over hashed TF-IDF n-gram
 * features, with pruned sparse int8 weights (see quantise.ts) and a calibrated confidence.
 */
import { softmax } from "./calibration.ts";
import { type SparseWeights } from "./quantise.ts";
import { vectorise, type SparseVector, type VectorSpace } from "./vector.ts";

export interface CompactClassifier extends VectorSpace, SparseWeights {
  readonly labels: readonly string[];
  readonly bias: Float32Array;
  /** Temperature the logits are divided by before the softmax (fit on held-out data). */
  readonly temperature: number;
}

export interface Prediction {
  label: string;
  confidence: number;
  /** Top three labels, most probable first. */
  ranking: { label: string; probability: number }[];
}

/** Raw (uncalibrated) logits of a vectorised text. */
export function logits(model: CompactClassifier, vector: SparseVector): Float64Array {
  const scores = Float64Array.from(model.bias);
  const { rowStart, columns, weights, rowScales } = model;
  const { rows, values } = vector;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const factor = values[i] * rowScales[row];
    for (let j = rowStart[row], end = rowStart[row + 1]; j < end; j++) scores[columns[j]] += factor * weights[j];
  }
  return scores;
}

/** Calibrated class probabilities of a text, in the order of `model.labels`. */
export function probabilities(model: CompactClassifier, text: string): Float64Array {
  return softmax(logits(model, vectorise(model, text)), model.temperature);
}

/** Classifies one text: the most probable label, its calibrated confidence and the top three. */
export function predict(model: CompactClassifier, text: string): Prediction {
  if (model.labels.length === 0) return { label: "", confidence: 0, ranking: [] };
  const probability = probabilities(model, typeof text === "string" ? text : String(text ?? ""));
  const ranking = topLabels(model.labels, probability, 3);
  return { label: ranking[0].label, confidence: ranking[0].probability, ranking };
}

/** The `count` most probable labels by a partial selection (cheaper than sorting all labels). */
function topLabels(labels: readonly string[], probability: Float64Array, count: number) {
  const chosen: number[] = [];
  for (let k = 0; k < probability.length; k++) {
    let at = chosen.length;
    while (at > 0 && probability[k] > probability[chosen[at - 1]]) at--;
    if (at < count) {
      chosen.splice(at, 0, k);
      if (chosen.length > count) chosen.pop();
    }
  }
  return chosen.map((k) => ({ label: labels[k], probability: probability[k] }));
}

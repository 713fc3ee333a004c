/**
 * Multinomial logistic regression on sparse vectors, trained by per-example SGD with
 * row-wise Adagrad step sizes and feature dropout. Adagrad suits n-grams: rare features keep
 * a large step size, frequent ones settle.
 */
import { createRandom, shuffled } from "./random.ts";
import { type SparseVector } from "./vector.ts";

export interface OptimiserOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty, applied to the rows an example touches (lazy, as is usual for sparse SGD). */
  readonly l2: number;
  /** Share of the target mass spread evenly over all labels; curbs over-confidence. */
  readonly labelSmoothing: number;
  readonly seed: number;
  /**
   * Chance of dropping each feature of an example at each step (kept ones are scaled up to
   * compensate). Feature noising regularises adaptively: it stops the model leaning on a few
   * n-grams per class (Wager, Wang & Liang 2013).
   */
  readonly featureDropout: number;
}

export interface LinearWeights {
  /** Row-major [feature row][label]. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

// Gradient entries below this are skipped: once an example is fit, most labels' p_k is ~0.
const NEGLIGIBLE = 1e-4;

/** Fits weights for `rows` features and `labelCount` labels. */
export function fitSoftmaxRegression(
  vectors: readonly SparseVector[],
  gold: readonly number[],
  rows: number,
  labelCount: number,
  options: OptimiserOptions,
): LinearWeights {
  const weights = new Float32Array(rows * labelCount);
  // Row-wise Adagrad: one accumulator per feature row, so a step costs one square root per feature.
  const rowSquares = new Float64Array(rows).fill(1e-6);
  const bias = new Float32Array(labelCount);
  const biasSquares = new Float32Array(labelCount).fill(1e-6);
  const scores = new Float64Array(labelCount);
  const gradient = new Float64Array(labelCount);
  const activeLabels = new Int32Array(labelCount);
  const activeGradient = new Float64Array(labelCount);
  const random = createRandom(options.seed);
  const off = options.labelSmoothing / labelCount;
  const on = 1 - options.labelSmoothing + off;
  const { learningRate, l2 } = options;
  const order = Array.from(vectors.keys());
  const dropout = Math.min(0.9, Math.max(0, options.featureDropout));
  let noisy = new Float32Array(64);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of shuffled(order, random)) {
      const { rows: features, values: clean } = vectors[example];
      let values = clean;
      if (dropout > 0) {
        if (noisy.length < clean.length) noisy = new Float32Array(clean.length * 2);
        for (let i = 0; i < clean.length; i++) noisy[i] = random() < dropout ? 0 : clean[i] / (1 - dropout);
        values = noisy;
      }
      scores.set(bias);
      for (let i = 0; i < features.length; i++) {
        const value = values[i];
        if (value === 0) continue;
        const offset = features[i] * labelCount;
        for (let k = 0; k < labelCount; k++) scores[k] += value * weights[offset + k];
      }
      let max = -Infinity;
      for (let k = 0; k < labelCount; k++) max = Math.max(max, scores[k]);
      let sum = 0;
      for (let k = 0; k < labelCount; k++) sum += scores[k] = Math.exp(scores[k] - max);
      for (let k = 0; k < labelCount; k++) gradient[k] = scores[k] / sum - (k === gold[example] ? on : off);
      let active = 0;
      for (let k = 0; k < labelCount; k++) {
        const g = gradient[k];
        if (Math.abs(g) < NEGLIGIBLE) continue;
        biasSquares[k] += g * g;
        bias[k] -= (learningRate * g) / Math.sqrt(biasSquares[k]);
        activeLabels[active] = k;
        activeGradient[active++] = g;
      }
      if (active === 0) continue;
      let gradientSquares = 0;
      for (let a = 0; a < active; a++) gradientSquares += activeGradient[a] * activeGradient[a];
      for (let i = 0; i < features.length; i++) {
        const value = values[i];
        if (value === 0) continue;
        const row = features[i];
        const offset = row * labelCount;
        rowSquares[row] += value * value * gradientSquares;
        const rate = learningRate / Math.sqrt(rowSquares[row]);
        const decay = 1 - rate * l2;
        for (let a = 0; a < active; a++) {
          const index = offset + activeLabels[a];
          weights[index] = weights[index] * decay - rate * activeGradient[a] * value;
        }
      }
    }
  }
  return { weights, bias };
}

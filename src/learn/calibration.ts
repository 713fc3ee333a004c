/**
 * Confidence calibration: temperature scaling fit on held-out logits, and the expected
 * calibration error that measures it.
 */

/** Softmax of logits divided by a temperature, computed stably. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k] / temperature);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += out[k] = Math.exp(logits[k] / temperature - max);
  for (let k = 0; k < logits.length; k++) out[k] /= sum;
  return out;
}

/** Mean negative log-likelihood of the gold classes at a temperature. */
function negativeLogLikelihood(logits: readonly ArrayLike<number>[], gold: readonly number[], temperature: number): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) total -= Math.log(Math.max(softmax(logits[i], temperature)[gold[i]], 1e-12));
  return total / logits.length;
}

/**
 * The temperature that minimises held-out NLL (Guo et al. 2017), by golden-section search
 * on log T in [1/20, 20]; the NLL is unimodal in T, so this finds the optimum.
 */
export function fitTemperature(logits: readonly ArrayLike<number>[], gold: readonly number[]): number {
  if (logits.length === 0) return 1;
  let low = Math.log(0.05);
  let high = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < 40; step++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (negativeLogLikelihood(logits, gold, Math.exp(a)) < negativeLogLikelihood(logits, gold, Math.exp(b))) high = b;
    else low = a;
  }
  return Math.exp((low + high) / 2);
}

/** Expected calibration error over equal-width confidence bins (15 by default). */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 15): number {
  if (confidences.length === 0) return Number.NaN;
  const count = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  const correctSum = new Array<number>(bins).fill(0);
  confidences.forEach((confidence, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)));
    count[bin]++;
    confidenceSum[bin] += confidence;
    if (correct[i]) correctSum[bin]++;
  });
  let error = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) error += Math.abs(confidenceSum[b] - correctSum[b]);
  return error / confidences.length;
}

import { createRandom } from "../src/learn/random.ts";

/** The q-quantile (0..1) of the values, by linear interpolation. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Percentile bootstrap 95% interval of the mean, seeded. */
export function bootstrapInterval(values: number[], resamples = 1000, seed = 7): [number, number] {
  const random = createRandom(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)];
    means.push(sum / values.length);
  }
  return [quantile(means, 0.025), quantile(means, 0.975)];
}

/** Area under the ROC curve: the chance a random positive scores above a random negative. */
export function auroc(scores: number[], positive: boolean[]): number {
  const order = scores.map((score, i) => ({ score, positive: positive[i] })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j].score === order[i].score) j++;
    const averageRank = (i + j + 1) / 2; // ranks are 1-based; ties share their average
    for (let k = i; k < j; k++) {
      if (order[k].positive) {
        rankSum += averageRank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Wall-clock microseconds since an arbitrary origin. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

import { LATENCY_BOUNDS_MS } from "../../schema/decision-rollups.ts";

/**
 * The q-quantile (0..1) of a latency histogram (counts per bucket of LATENCY_BOUNDS_MS), by
 * linear interpolation inside the bucket that holds it; the open last bucket reports its lower
 * bound. Null for an empty histogram. Accurate to the bucket: 1-2-5 steps per decade.
 */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (seen + counts[i] >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - seen)) / counts[i];
    }
    seen += counts[i];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}

/**
 * What `GET /v1/stats` answers, folded from the rollup groups (src/storage/decision-rollups.ts):
 * per bucket and in total, requests and who answered them, the status and fallback mix, cost
 * against the large-only counterfactual, energy and CO2, latency percentiles per tier and
 * shadow agreement. An unknown cost stays unknown: a sum that includes an unpriced decision is
 * null, with the count of unpriced decisions beside it.
 */
import { DECISION_STATUSES, TIER_NAMES } from "../../schema/enums.ts";
import { LATENCY_BUCKETS } from "../../schema/decision-rollups.ts";
import { co2Grams } from "../models/energy.ts";
import type { RollupGroup } from "../storage/decision-rollups.ts";
import { histogramQuantile } from "./percentiles.ts";
import type { StatsFigures as Stats } from "./stats-json.ts";

export const STATS_BUCKETS = { hour: 3_600_000, day: 86_400_000 } as const;
export type StatsBucket = keyof typeof STATS_BUCKETS;

/** Running sums of one bucket (or the totals) before the derived numbers are computed. */
class Accumulator {
  requests = 0;
  tiers = new Map<string, number>();
  reasons = new Map<string, number>();
  statuses = new Map<string, number>();
  costUsd = 0;
  unpriced = 0;
  largeOnlyCostUsd = 0;
  largeOnlyUnpriced = 0;
  energyWh = 0;
  largeOnlyEnergyWh = 0;
  largeOnlyEnergyUnknown = 0;
  inputTokens = 0;
  outputTokens = 0;
  latency = new Map<string, { counts: number[]; sum: number; n: number }>();
  shadowChecks = 0;
  shadowAgreed = 0;

  add(group: RollupGroup): void {
    this.requests += group.requests;
    if (group.requests > 0) {
      if (group.tier !== "") bump(this.tiers, group.tier, group.requests);
      if (group.fallbackReason !== "") bump(this.reasons, group.fallbackReason, group.requests);
      bump(this.statuses, group.status, group.requests);
      const tier = group.tier === "" ? "none" : group.tier;
      const latency = this.latency.get(tier) ?? { counts: new Array<number>(LATENCY_BUCKETS).fill(0), sum: 0, n: 0 };
      group.latency.forEach((count, i) => (latency.counts[i] += count));
      latency.sum += group.latencySumMs;
      latency.n += group.requests;
      this.latency.set(tier, latency);
    }
    this.costUsd += group.costUsd;
    this.unpriced += group.unpriced;
    this.largeOnlyCostUsd += group.largeOnlyCostUsd;
    this.largeOnlyUnpriced += group.largeOnlyUnpriced;
    this.energyWh += group.energyWh;
    this.largeOnlyEnergyWh += group.largeOnlyEnergyWh;
    this.largeOnlyEnergyUnknown += group.largeOnlyEnergyUnknown;
    this.inputTokens += group.inputTokens;
    this.outputTokens += group.outputTokens;
    this.shadowChecks += group.shadowChecks;
    this.shadowAgreed += group.shadowAgreed;
  }

  stats(gridIntensityGPerKwh: number): Stats {
    const costKnown = this.unpriced === 0;
    const largeOnlyKnown = this.largeOnlyUnpriced === 0;
    const cost = costKnown ? round(this.costUsd) : null;
    const largeOnly = largeOnlyKnown ? round(this.largeOnlyCostUsd) : null;
    const savings = cost !== null && largeOnly !== null ? round(largeOnly - cost) : null;
    const edge = this.tiers.get("edge") ?? 0;
    const largeOnlyEnergy = this.largeOnlyEnergyUnknown === 0 ? this.largeOnlyEnergyWh : null;
    return {
      requests: this.requests,
      answers_by_tier: Object.fromEntries([...TIER_NAMES.map((tier) => [tier, 0] as const), ...this.tiers]),
      edge_share: this.requests === 0 ? null : edge / this.requests,
      cache_hits: this.tiers.get("cache") ?? 0,
      fallback_reasons: Object.fromEntries(this.reasons),
      statuses: Object.fromEntries([...DECISION_STATUSES.map((status) => [status, 0] as const), ...this.statuses]),
      cost_usd: cost,
      cost_known: costKnown,
      unpriced_requests: this.unpriced,
      large_only_cost_usd: largeOnly,
      large_only_cost_known: largeOnlyKnown,
      large_only_unpriced_requests: this.largeOnlyUnpriced,
      savings_usd: savings,
      savings_pct: savings !== null && largeOnly !== null && largeOnly > 0 ? (100 * savings) / largeOnly : null,
      energy_wh: this.energyWh,
      large_only_energy_wh: largeOnlyEnergy,
      large_only_energy_known: largeOnlyEnergy !== null,
      co2_g: co2Grams(this.energyWh, gridIntensityGPerKwh),
      large_only_co2_g: largeOnlyEnergy === null ? null : co2Grams(largeOnlyEnergy, gridIntensityGPerKwh),
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      latency_ms: Object.fromEntries(
        [...this.latency].map(([tier, { counts, sum, n }]) => [tier, { p50: histogramQuantile(counts, 0.5), p95: histogramQuantile(counts, 0.95), mean: n === 0 ? null : sum / n }]),
      ),
      shadow: { checks: this.shadowChecks, agreed: this.shadowAgreed, agreement: this.shadowChecks === 0 ? null : this.shadowAgreed / this.shadowChecks },
    };
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/** Sums of float costs drift in the last digits; 12 decimals is far below a micro-dollar. */
function round(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

export interface StatsWindow {
  /** Epoch ms, aligned to the bucket; `to` exclusive. */
  from: number;
  to: number;
  bucket: StatsBucket;
}

/** The totals and every bucket of the window (empty ones included, so a chart has no gaps). */
export function statsReport(groups: readonly RollupGroup[], window: StatsWindow, gridIntensityGPerKwh: number): { totals: Stats; buckets: (Stats & { start: string })[] } {
  const width = STATS_BUCKETS[window.bucket];
  const totals = new Accumulator();
  const buckets = new Map<number, Accumulator>();
  for (let start = window.from; start < window.to; start += width) buckets.set(start, new Accumulator());
  for (const group of groups) {
    totals.add(group);
    buckets.get(group.bucket)?.add(group);
  }
  return {
    totals: totals.stats(gridIntensityGPerKwh),
    buckets: [...buckets].map(([start, bucket]) => ({ start: new Date(start).toISOString(), ...bucket.stats(gridIntensityGPerKwh) })),
  };
}

/**
 * The window asked for, aligned to whole buckets: `from` rounded down, `to` rounded up and
 * exclusive (a `to` on a boundary is the end of the bucket before it); at least one bucket.
 */
export function alignWindow(from: number, to: number, bucket: StatsBucket): StatsWindow {
  const width = STATS_BUCKETS[bucket];
  const start = Math.floor(from / width) * width;
  return { from: start, to: Math.max(Math.ceil(to / width) * width, start + width), bucket };
}

/** The last `count` buckets before `to`, which is rounded up and exclusive as in alignWindow. */
export function lastBuckets(to: number, bucket: StatsBucket, count: number): StatsWindow {
  const width = STATS_BUCKETS[bucket];
  const end = Math.ceil(to / width) * width;
  return { from: end - count * width, to: end, bucket };
}

/**
 * A GET /v1/stats answer (the contract of issue 12) with an unknown price and decisions without a
 * counterfactual: cost, large-only cost, savings, large-only energy and CO₂ are null.
 */
import type { Stats, StatsFigures } from "../../clients/api-json.ts";

const figures: StatsFigures = {
  requests: 3,
  answers_by_tier: { edge: 2, middle: 0, large: 1, cache: 0 },
  edge_share: 2 / 3,
  cache_hits: 0,
  fallback_reasons: { low_confidence: 1 },
  statuses: { ok: 3, degraded: 0, failed: 0 },
  cost_usd: null,
  cost_known: false,
  unpriced_requests: 1,
  large_only_cost_usd: null,
  large_only_cost_known: false,
  large_only_unpriced_requests: 3,
  savings_usd: null,
  savings_pct: null,
  energy_wh: 0.5,
  large_only_energy_wh: null,
  large_only_energy_known: false,
  co2_g: 0.2,
  large_only_co2_g: null,
  input_tokens: 180,
  output_tokens: 12,
  latency_ms: { edge: { p50: 1, p95: 2, mean: 1.2 }, large: { p50: 900, p95: 900, mean: 900 } },
  shadow: { checks: 0, agreed: 0, agreement: null },
};

export const STATS_WITH_UNKNOWN_COST: Stats = {
  task: null,
  from: "2026-12-01T00:00:00.000Z",
  to: "2026-12-02T00:00:00.000Z",
  bucket: "hour",
  totals: figures,
  buckets: [
    { start: "2026-12-01T10:00:00.000Z", ...figures, requests: 2 },
    { start: "2026-12-01T11:00:00.000Z", ...figures, requests: 1 },
  ],
  model_versions: [],
  factors: { grid_intensity_g_per_kwh: 400, source: "fixture" },
};

/**
 * The JSON of `GET /v1/stats`: what src/stats/report.ts computes and what the API's clients (the
 * CLI and the dashboard, through clients/api-json.ts) read. Free of imports, so a client in Node
 * or the browser can take these types without the Worker's own.
 */

/** One bucket's (or the whole window's) numbers. */
export interface StatsFigures {
  requests: number;
  answers_by_tier: Record<string, number>;
  /** Share of requests the edge tier answered; null without requests. */
  edge_share: number | null;
  cache_hits: number;
  fallback_reasons: Record<string, number>;
  statuses: Record<string, number>;
  cost_usd: number | null;
  cost_known: boolean;
  unpriced_requests: number;
  large_only_cost_usd: number | null;
  large_only_cost_known: boolean;
  large_only_unpriced_requests: number;
  savings_usd: number | null;
  savings_pct: number | null;
  energy_wh: number;
  /** Null when some decisions have no counterfactual at all (logged before migration 0007). */
  large_only_energy_wh: number | null;
  large_only_energy_known: boolean;
  co2_g: number;
  large_only_co2_g: number | null;
  input_tokens: number;
  output_tokens: number;
  latency_ms: Record<string, { p50: number | null; p95: number | null; mean: number | null }>;
  shadow: { checks: number; agreed: number; agreement: number | null };
}

export interface StatsAnswer {
  task: { id: string; name: string } | null;
  from: string;
  /** Exclusive. */
  to: string;
  bucket: "hour" | "day";
  totals: StatsFigures;
  buckets: Array<StatsFigures & { start: string }>;
  /** The compact model versions that answered in the window. */
  model_versions: Array<{ id: string; task_id: string; version: number | null; threshold: number | null; requests: number; first_bucket: string; last_bucket: string }>;
  factors: { grid_intensity_g_per_kwh: number; source: string };
}

/**
 * The API's JSON as its clients read it: the CLI (cli/) and the dashboard (dashboard/). The
 * contract is the OpenAPI document at /openapi.json, generated from the Worker's zod schemas;
 * these types are the clients' view of it, free of the Worker's own types so both build without
 * them (type imports only: nothing here is bundled).
 */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Project {
  id: string;
  name: string;
  caller: { key_id: string; scopes: string[]; tasks: string[] | null };
}

export interface Task {
  id: string;
  name: string;
  kind: "classify" | "summarize";
  description: string | null;
  labels: Array<{ name: string; description?: string }>;
  threshold: number | null;
  target_accuracy: number | null;
  active_model_id: string | null;
  drift_threshold: number | null;
  settings: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ModelVersion {
  id: string;
  version: number;
  status: "queued" | "training" | "ready" | "failed";
  active: boolean;
  training_examples: number | null;
  threshold: number | null;
  metrics: Record<string, unknown> | null;
  error: string | null;
  trigger: string;
  verdict: "promoted" | "rejected" | null;
  verdict_reason: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ApiErrorBody {
  code: string;
  message: string;
}

export interface TierAttempt {
  tier: string;
  provider: string;
  model: string;
  output: string | null;
  confidence: number | null;
  latency_ms: number;
  attempts: number;
  error: ApiErrorBody | null;
  usage: { input_tokens: number; output_tokens: number; estimated: boolean };
  cost_usd: number | null;
  warnings: string[];
}

export interface Decision {
  decision_id: string;
  created_at: string;
  request_id: string;
  kind: string;
  source: string;
  task_id: string | null;
  key_id: string | null;
  delivery_id: string | null;
  output: string | null;
  confidence: number | null;
  tier: string | null;
  model: string | null;
  status: "ok" | "degraded" | "failed";
  fallback: { reason: string; from: string; to: string | null; outcome: string; error: ApiErrorBody | null } | null;
  error: ApiErrorBody | null;
  warnings: string[];
  latency_ms: number;
  usage: { input_tokens: number; output_tokens: number; estimated: boolean };
  cost_usd: number | null;
  energy_wh: number;
  /** What the text would have cost at the large model alone; null when unknown, absent from older Workers (unknown too). */
  large_only_cost_usd?: number | null;
  input_chars: number;
  tiers: TierAttempt[];
  cache: { decision_id: string } | null;
  metadata: Record<string, string>;
}

export interface LearningEvent {
  id: string;
  created_at: string;
  kind: string;
  details: Record<string, unknown>;
}

export interface Integration {
  id: string;
  kind: string;
  name: string | null;
  inbound_url: string;
  events: Record<string, { classify?: string; summarize?: string }>;
  outputs: {
    callback: { url: string; disabled_at: string | null; disabled_reason: string | null } | null;
    github: { label: boolean; comment: boolean } | null;
    slack: { reply: boolean } | null;
  };
  created_at: string;
}

export interface Delivery {
  id: string;
  external_id: string;
  event: string;
  status: string;
  attempts: number;
  error: string | null;
  received_at: string;
  processed_at: string | null;
  decisions: Decision[];
  outputs: Array<{ kind: string; status: string; attempts: number; last_status: number | null; error: string | null; sent_at: string | null }>;
}

/** GET /v1/stats: the Worker's own definition (import-free, so it builds here). */
export type { StatsAnswer as Stats, StatsFigures } from "../src/stats/stats-json.ts";

/** The parts of the API's answers the CLI reads (the whole schema is GET /openapi.json). */
export interface Task {
  id: string;
  name: string;
  kind: "classify" | "summarize";
  description: string | null;
  labels: { name: string; description?: string }[];
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

export interface Decision {
  decision_id: string;
  created_at: string;
  task_id: string | null;
  output: string | null;
  confidence: number | null;
  tier: string | null;
  status: "ok" | "degraded" | "failed";
  fallback: { reason: string } | null;
  latency_ms: number;
  cost_usd: number | null;
  /** What the text would have cost at the large model alone; absent from older Workers (unknown). */
  large_only_cost_usd?: number | null;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * Every closed set of values the service stores or answers with, defined once: the Drizzle
 * tables, the zod schemas of the API and the TypeScript types all read them from here.
 */
export type ValueOf<List extends readonly string[]> = List[number];

export const TASK_KINDS = ["classify", "summarize"] as const;
export type TaskKind = ValueOf<typeof TASK_KINDS>;
export const DECISION_SOURCES = ["api", "webhook"] as const;
export const DECISION_STATUSES = ["ok", "degraded", "failed"] as const;
/** `budget_exhausted`: the daily budget (project or task) could not cover a remote call, so the remote tiers were skipped. */
export const FALLBACK_REASONS = ["low_confidence", "edge_error", "no_model", "tier_error", "budget_exhausted"] as const;
export const FALLBACK_OUTCOMES = ["answered", "failed", "unavailable"] as const;
/** Where a tier's model runs; `none` stands for a large tier that is not configured. */
export const PROVIDERS = ["edge", "workers-ai", "openai-compatible"] as const;
export const LARGE_PROVIDERS = ["none", "workers-ai", "openai-compatible"] as const;
/** `cache`: an answer reused from the cache of remote answers (src/tiers/answer-cache.ts). */
export const TIER_NAMES = ["edge", "middle", "large", "cache"] as const;

export const EXAMPLE_SOURCES = ["import", "large_model", "feedback"] as const;
export const MODEL_STATUSES = ["queued", "training", "ready", "failed"] as const;
export const RETRAIN_TRIGGERS = ["manual", "labels", "schedule", "drift"] as const;
export const VERDICTS = ["promoted", "rejected"] as const;
export const LEARNING_EVENT_KINDS = ["threshold_raised", "threshold_set", "retrain_scheduled", "drift_detected", "promoted", "rejected"] as const;

export const INTEGRATION_KINDS = ["github", "slack", "standard"] as const;
export const DELIVERY_STATUSES = ["received", "queued", "processing", "retrying", "processed", "failed"] as const;
export const OUTPUT_KINDS = ["callback", "github_label", "github_comment", "slack_reply"] as const;
export const OUTPUT_STATUSES = ["pending", "retrying", "sent", "failed", "disabled"] as const;

export const IDEMPOTENCY_STATES = ["in_progress", "done"] as const;

/** What an API key may do; `admin` covers keys, integrations and project settings. */
export const API_KEY_SCOPES = ["admin", "tasks:write", "classify", "summarize", "decisions:read", "feedback"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

import { sqliteTable, text, integer, real, index } from "drizzle-orm/sqlite-core";

/** What one tier did for one request: the audit trail's detail. */
export interface TierAttemptRecord {
  tier: string;
  provider: string;
  model: string;
  output: string | null;
  confidence: number | null;
  latency_ms: number;
  attempts: number;
  error: { code: string; message: string } | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

/** One row per request, failures included. Inputs are stored only as a keyed hash and a length. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    createdAt: integer("created_at").notNull(),
    requestId: text("request_id").notNull(),
    /** Null for a summary requested without a task. */
    taskId: text("task_id"),
    kind: text("kind", { enum: ["classify", "summarize"] }).notNull(),
    source: text("source", { enum: ["api", "webhook"] }).notNull(),
    inputHash: text("input_hash").notNull(),
    inputChars: integer("input_chars").notNull(),
    /** The label (classification), or the summary only when the task opts in to keeping text. */
    output: text("output"),
    outputHash: text("output_hash"),
    outputChars: integer("output_chars"),
    confidence: real("confidence"),
    tier: text("tier"),
    model: text("model"),
    status: text("status", { enum: ["ok", "degraded", "failed"] }).notNull(),
    fallbackReason: text("fallback_reason"),
    fallbackFrom: text("fallback_from"),
    fallbackOutcome: text("fallback_outcome"),
    error: text("error"),
    tiers: text("tiers", { mode: "json" }).$type<TierAttemptRecord[]>().notNull(),
    latencyMs: real("latency_ms").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    costUsd: real("cost_usd").notNull(),
    energyWh: real("energy_wh").notNull(),
    deliveryId: text("delivery_id"),
  },
  (table) => [
    index("decisions_task_id").on(table.taskId, table.id),
    index("decisions_created").on(table.createdAt),
    // Webhook processing reuses the decisions already recorded for a delivery.
    index("decisions_delivery").on(table.deliveryId),
  ],
);

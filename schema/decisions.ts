import { sqliteTable, text, integer, real, index } from "drizzle-orm/sqlite-core";
import { DECISION_SOURCES, DECISION_STATUSES, FALLBACK_OUTCOMES, FALLBACK_REASONS, TASK_KINDS } from "./enums.ts";

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
  /** Null when the model has no known price (see `cost_known`). */
  cost_usd: number | null;
  /** False when the model has no known price; absent in rows written before prices could be unknown. */
  cost_known?: boolean;
  /** True when the token counts were estimated from characters, not reported by the provider. */
  usage_estimated?: boolean;
  /** The provider's warnings; absent in rows written before warnings were kept. */
  warnings?: string[];
}

/** One row per request, failures included. Inputs are stored only as a keyed hash and a length. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    createdAt: integer("created_at").notNull(),
    requestId: text("request_id").notNull(),
    projectId: text("project_id").notNull().default("prj_default"),
    /** The API key that asked; null for webhooks and for rows from before keys were recorded. */
    keyId: text("key_id"),
    /** The request's `metadata`: up to 10 string pairs. */
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>(),
    /** Null for a summary requested without a task. */
    taskId: text("task_id"),
    kind: text("kind", { enum: TASK_KINDS }).notNull(),
    source: text("source", { enum: DECISION_SOURCES }).notNull(),
    inputHash: text("input_hash").notNull(),
    inputChars: integer("input_chars").notNull(),
    /** The label (classification), or the summary only when the task opts in to keeping text. */
    output: text("output"),
    outputHash: text("output_hash"),
    outputChars: integer("output_chars"),
    confidence: real("confidence"),
    tier: text("tier"),
    model: text("model"),
    status: text("status", { enum: DECISION_STATUSES }).notNull(),
    fallbackReason: text("fallback_reason", { enum: FALLBACK_REASONS }),
    fallbackFrom: text("fallback_from"),
    fallbackOutcome: text("fallback_outcome", { enum: FALLBACK_OUTCOMES }),
    fallbackTo: text("fallback_to"),
    /** Why the tier fallen back to did not answer: `{ code, message }`. */
    fallbackError: text("fallback_error", { mode: "json" }).$type<{ code: string; message: string }>(),
    /** Set when no tier could answer. */
    errorCode: text("error_code"),
    error: text("error"),
    tiers: text("tiers", { mode: "json" }).$type<TierAttemptRecord[]>().notNull(),
    latencyMs: real("latency_ms").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    /** Null when a tier that ran has no known price: unknown is never written as 0. */
    costUsd: real("cost_usd"),
    costKnown: integer("cost_known", { mode: "boolean" }).notNull().default(true),
    energyWh: real("energy_wh").notNull(),
    /**
     * The counterfactual of the savings: what the text would have cost at the task's large model
     * alone, priced at decision time (src/tiers/large-only.ts). Null when that model has no known
     * price, and on rows from before migration 0007.
     */
    largeOnlyCostUsd: real("large_only_cost_usd"),
    /** The energy of that counterfactual call; null on rows from before migration 0007. */
    largeOnlyEnergyWh: real("large_only_energy_wh"),
    deliveryId: text("delivery_id"),
  },
  (table) => [
    index("decisions_task_id").on(table.taskId, table.id),
    index("decisions_project").on(table.projectId, table.id),
    index("decisions_project_key").on(table.projectId, table.keyId, table.id),
    index("decisions_created").on(table.createdAt),
    // Webhook processing reuses the decisions already recorded for a delivery.
    index("decisions_delivery").on(table.deliveryId),
  ],
);

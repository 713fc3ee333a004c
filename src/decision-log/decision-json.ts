import { z } from "@hono/zod-openapi";
import { DECISION_SOURCES, DECISION_STATUSES, FALLBACK_OUTCOMES, FALLBACK_REASONS, TASK_KINDS } from "../../schema/enums.ts";
import type { TierAttemptRecord } from "../../schema/decisions.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import { reusedDecisionId } from "../tiers/answer-cache.ts";

const errorSchema = z.object({ code: z.string(), message: z.string() });
const usageSchema = z
  .object({
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    estimated: z.boolean().openapi({ description: "True when the provider reported no usage and the counts were estimated from characters (about 4 a token)" }),
  })
  .openapi("Usage");
const costUsdSchema = z.number().nullable().openapi({ description: "USD; null when a model without a known price was called (see cost_known), never 0 for unknown" });
const costKnownSchema = z.boolean().openapi({ description: "False when a model without a known price was called: set its price in MODEL_PRICES" });

const tierAttemptSchema = z
  .object({
    tier: z.string().openapi({ description: "edge, middle or large" }),
    provider: z.string(),
    model: z.string(),
    output: z.string().nullable().openapi({ description: "What the tier answered; a summary only when the task keeps text" }),
    confidence: z.number().nullable(),
    latency_ms: z.number(),
    attempts: z.number().int(),
    error: errorSchema.nullable(),
    usage: usageSchema,
    cost_usd: costUsdSchema,
    cost_known: costKnownSchema,
    warnings: z.array(z.string()),
  })
  .openapi("TierAttempt");

export const fallbackSchema = z
  .object({
    reason: z.enum(FALLBACK_REASONS),
    from: z.string(),
    to: z.string().nullable(),
    outcome: z.enum(FALLBACK_OUTCOMES),
    error: errorSchema.nullable(),
  })
  .nullable()
  .openapi("Fallback");

/** The one JSON form of a decision: the live answer, the log, deliveries and callbacks all use it. */
export const decisionSchema = z
  .object({
    decision_id: z.string(),
    created_at: z.string(),
    request_id: z.string(),
    kind: z.enum(TASK_KINDS),
    source: z.enum(DECISION_SOURCES),
    task_id: z.string().nullable(),
    key_id: z.string().nullable().openapi({ description: "The API key that asked (`key_…`; `key_boot_…` for a bootstrap key); null for webhooks and decisions from before keys were recorded" }),
    delivery_id: z.string().nullable(),
    output: z.string().nullable().openapi({ description: "The label or the summary; in the log, a summary only when the task keeps text" }),
    confidence: z.number().nullable(),
    tier: z.string().nullable(),
    model: z.string().nullable(),
    status: z.enum(DECISION_STATUSES),
    fallback: fallbackSchema,
    error: errorSchema.nullable().openapi({ description: "Set when no tier could answer" }),
    warnings: z.array(z.string()).openapi({ description: "The tiers' warnings: estimated tokens, text cut, ..." }),
    latency_ms: z.number(),
    usage: usageSchema,
    cost_usd: costUsdSchema,
    cost_known: costKnownSchema,
    energy_wh: z.number(),
    large_only_cost_usd: z
      .number()
      .nullable()
      .openapi({ description: "What the text would have cost at the task's large model alone, priced at decision time (the stats' counterfactual); null when unknown" }),
    large_only_energy_wh: z.number().nullable(),
    input_hash: z.string().openapi({ description: "HMAC-SHA256 of the input under DECISION_HASH_KEY; the text itself is not stored" }),
    input_chars: z.number().int(),
    output_hash: z.string().nullable(),
    output_chars: z.number().int().nullable(),
    tiers: z.array(tierAttemptSchema),
    cache: z
      .object({ decision_id: z.string().openapi({ description: "The decision whose remote answer was reused" }) })
      .nullable()
      .openapi({ description: "Set when the answer came from the cache of remote answers (tier `cache`, cost 0; README, \"Cache\")" }),
    metadata: z.record(z.string(), z.string()).openapi({ description: "The request's `metadata` ({} when it sent none)" }),
  })
  .openapi("Decision");

export type DecisionJson = z.infer<typeof decisionSchema>;

/**
 * A recorded decision as JSON. `output` replaces the logged output for a live answer, which
 * carries the summary even where the log keeps only its length and hash.
 */
export function decisionJson(row: DecisionRow, output: string | null = row.output): DecisionJson {
  const tiers = row.tiers.map((attempt) => tierAttemptJson(row, attempt));
  const costKnown = row.costKnown && row.costUsd !== null;
  return {
    decision_id: row.id,
    created_at: new Date(row.createdAt).toISOString(),
    request_id: row.requestId,
    kind: row.kind,
    source: row.source,
    task_id: row.taskId,
    key_id: row.keyId,
    delivery_id: row.deliveryId,
    output,
    confidence: row.confidence,
    tier: row.tier,
    model: row.model,
    status: row.status,
    fallback: row.fallbackReason
      ? { reason: row.fallbackReason, from: row.fallbackFrom ?? "edge", to: row.fallbackTo, outcome: row.fallbackOutcome ?? "failed", error: row.fallbackError }
      : null,
    error: row.error === null ? null : { code: row.errorCode ?? "unknown", message: row.error },
    warnings: [...new Set(tiers.flatMap((attempt) => attempt.warnings))],
    latency_ms: row.latencyMs,
    usage: { input_tokens: row.inputTokens, output_tokens: row.outputTokens, estimated: tiers.some((attempt) => attempt.usage.estimated) },
    cost_usd: costKnown ? row.costUsd : null,
    cost_known: costKnown,
    energy_wh: row.energyWh,
    large_only_cost_usd: row.largeOnlyCostUsd,
    large_only_energy_wh: row.largeOnlyEnergyWh,
    input_hash: row.inputHash,
    input_chars: row.inputChars,
    output_hash: row.outputHash,
    output_chars: row.outputChars,
    tiers,
    cache: cacheJson(row),
    metadata: row.metadata ?? {},
  };
}

function cacheJson(row: DecisionRow): DecisionJson["cache"] {
  const reused = reusedDecisionId(row.tiers);
  return reused === null ? null : { decision_id: reused };
}

function tierAttemptJson(row: DecisionRow, attempt: TierAttemptRecord): DecisionJson["tiers"][number] {
  const costKnown = attemptCostKnown(row, attempt);
  return {
    tier: attempt.tier,
    provider: attempt.provider,
    model: attempt.model,
    output: attempt.output,
    confidence: attempt.confidence,
    latency_ms: attempt.latency_ms,
    attempts: attempt.attempts,
    error: attempt.error,
    usage: { input_tokens: attempt.input_tokens, output_tokens: attempt.output_tokens, estimated: attempt.usage_estimated ?? false },
    cost_usd: costKnown ? attempt.cost_usd : null,
    cost_known: costKnown,
    warnings: attempt.warnings ?? [],
  };
}

/**
 * Whether a tier's cost is known. Rows written before prices could be unknown carry no
 * `cost_known`; migration 0005 marked such a row unknown when a remote tier had spent tokens at
 * cost 0, and that tier is the unknown one.
 */
function attemptCostKnown(row: DecisionRow, attempt: TierAttemptRecord): boolean {
  if (attempt.cost_known !== undefined) return attempt.cost_known && attempt.cost_usd !== null;
  if (attempt.cost_usd === null) return false;
  const unpricedBefore = attempt.provider !== "edge" && attempt.cost_usd === 0 && attempt.input_tokens + attempt.output_tokens > 0;
  return row.costKnown || !unpricedBefore;
}

import type { TierAttemptRecord } from "../../schema/decisions.ts";
import type { Decision } from "../cascade/types.ts";
import { keyedHash } from "../privacy/digest.ts";
import type { KeyRing } from "../privacy/keys.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import { newId } from "../ids.ts";
import { cacheAttemptFields } from "../tiers/answer-cache.ts";
import type { LargeOnlyEstimate } from "../tiers/large-only.ts";

/** Who a request's decisions belong to, and what the caller attached to them. */
export interface RequestOrigin {
  projectId: string;
  /** The API key that asked; null for webhooks. */
  keyId: string | null;
  metadata?: Record<string, string> | null;
}

export interface DecisionContext {
  requestId: string;
  /** The project the decision belongs to: the caller's, or the integration's for a webhook. */
  projectId: string;
  /** The API key that asked; null for webhooks. */
  keyId: string | null;
  metadata?: Record<string, string> | null;
  taskId: string | null;
  kind: DecisionRow["kind"];
  source: DecisionRow["source"];
  deliveryId?: string | null;
  /** The decision log's HMAC keys (HASH_KEYS): hashes carry the current key's version. */
  hashKeys: KeyRing;
  /** The request's keyed hash of an input (the cascade's `inputHash`, shared with its answer cache). */
  inputHash: (input: string) => Promise<string>;
  now: number;
}

/**
 * The row that records one decision. The input is kept only as a keyed hash and a length; the
 * output as given by `keepOutput` (labels are kept, summaries only when the task opts in).
 */
export async function decisionRow(
  context: DecisionContext,
  input: string,
  decision: Decision<string>,
  keepOutput: boolean,
  largeOnly: LargeOnlyEstimate,
): Promise<DecisionRow> {
  const output = decision.output;
  return {
    id: newId("dec", context.now),
    createdAt: context.now,
    requestId: context.requestId,
    projectId: context.projectId,
    keyId: context.keyId,
    metadata: context.metadata ?? null,
    taskId: context.taskId,
    kind: context.kind,
    source: context.source,
    inputHash: await context.inputHash(input),
    inputChars: input.length,
    output: keepOutput ? output : null,
    outputHash: output === null ? null : await keyedHash(context.hashKeys, output),
    outputChars: output?.length ?? null,
    confidence: decision.confidence,
    tier: decision.tier,
    model: decision.model,
    status: decision.status,
    fallbackReason: decision.fallback?.reason ?? null,
    fallbackFrom: decision.fallback?.from ?? null,
    fallbackOutcome: decision.fallback?.outcome ?? null,
    fallbackTo: decision.fallback?.to ?? null,
    fallbackError: decision.fallback?.error ?? null,
    errorCode: decision.error?.code ?? null,
    error: decision.error?.message ?? null,
    tiers: decision.tiers.map(
      (attempt): TierAttemptRecord => ({
        tier: attempt.tier,
        provider: attempt.provider,
        model: attempt.model,
        output: keepOutput ? attempt.output : null,
        confidence: attempt.confidence,
        latency_ms: attempt.latencyMs,
        attempts: attempt.attempts,
        error: attempt.error,
        input_tokens: attempt.usage.inputTokens,
        output_tokens: attempt.usage.outputTokens,
        cost_usd: attempt.costUsd,
        cost_known: attempt.costUsd !== null,
        usage_estimated: attempt.usage.estimated === true,
        warnings: attempt.warnings,
        ...cacheAttemptFields(attempt.raw),
      }),
    ),
    latencyMs: decision.latencyMs,
    inputTokens: decision.usage.inputTokens,
    outputTokens: decision.usage.outputTokens,
    costUsd: decision.costUsd,
    costKnown: decision.costUsd !== null,
    energyWh: decision.energyWh,
    largeOnlyCostUsd: largeOnly.costUsd,
    largeOnlyEnergyWh: largeOnly.energyWh,
    deliveryId: context.deliveryId ?? null,
  };
}

import { z } from "@hono/zod-openapi";
import type { Decision } from "../cascade/types.ts";
import { usageSchema } from "./common-schemas.ts";

export const fallbackSchema = z
  .object({
    reason: z.enum(["low_confidence", "edge_error", "no_model", "tier_error"]),
    from: z.string(),
    to: z.string(),
    outcome: z.enum(["answered", "failed", "unavailable"]),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .nullable()
  .openapi("Fallback");

/** The fields every cascade answer shares, classification or summary. */
export const cascadeAnswerFields = {
  decision_id: z.string(),
  confidence: z.number().nullable(),
  tier: z.string().nullable(),
  model: z.string().nullable(),
  fallback: fallbackSchema,
  status: z.enum(["ok", "degraded", "failed"]),
  latency_ms: z.number(),
  usage: usageSchema,
  cost_usd: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
};

/** A decision as the API reports it; `error` is null unless no tier could answer. */
export function cascadeAnswerJson(decisionId: string, decision: Decision<string>) {
  return {
    decision_id: decisionId,
    confidence: decision.confidence,
    tier: decision.tier,
    model: decision.model,
    fallback: decision.fallback,
    status: decision.status,
    latency_ms: decision.latencyMs,
    usage: { input_tokens: decision.usage.inputTokens, output_tokens: decision.usage.outputTokens },
    cost_usd: decision.costUsd,
    error: decision.error,
  };
}

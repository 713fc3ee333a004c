import type { Usage } from "../models/provider.ts";
import { withRetries } from "./retry.ts";
import type { Clock, Decision, Fallback, FallbackReason, Tier, TierAnswer, TierAttempt } from "./types.ts";

const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };

/**
 * Runs the tiers in order and decides. The first tier whose confidence reaches its threshold
 * answers; the last tier answers whatever its confidence. When a tier fails or cannot run, the
 * cascade moves on; when no later tier answers, the most confident lower-tier answer is
 * returned as `degraded`. No HTTP, no storage: a function of the tiers and the clock.
 */
export async function runCascade<Output>(tiers: readonly Tier<Output>[], clock: Clock): Promise<Decision<Output>> {
  const start = clock.now();
  const attempts: TierAttempt<Output>[] = [];
  let best: { tier: Tier<Output>; answer: TierAnswer<Output> } | null = null;
  let firstFallback: { reason: FallbackReason; from: string } | null = null;
  let lastFailure: { tier: Tier<Output>; code: string; message: string; unavailable: boolean } | null = null;

  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i];
    const isLast = i === tiers.length - 1;

    if (tier.unavailable) {
      attempts.push(attemptRecord(tier, null, 0, 0, NO_USAGE, { code: tier.unavailable.code, message: tier.unavailable.message }));
      firstFallback ??= { reason: fallbackReasonFor(tier, tier.unavailable.code), from: tier.name };
      lastFailure = { tier, code: tier.unavailable.code, message: tier.unavailable.message, unavailable: true };
      continue;
    }

    const tierStart = clock.now();
    const result = await withRetries((signal) => tier.run(signal), tier.retry, clock);
    const latency = clock.now() - tierStart;

    if (!result.answer) {
      const error = { code: result.error!.code, message: result.error!.message };
      // The daily budget refused the last attempt before it was made: that attempt is no call.
      const refused = error.code === "budget_exhausted";
      attempts.push(attemptRecord(tier, null, latency, refused ? result.attempts - 1 : result.attempts, result.usage, error));
      firstFallback ??= { reason: fallbackReasonFor(tier, error.code), from: tier.name };
      lastFailure = { tier, ...error, unavailable: refused };
      continue;
    }

    const answer = result.answer;
    attempts.push(attemptRecord(tier, answer, latency, result.attempts, result.usage, null));
    if (isLast || answer.confidence >= tier.threshold) {
      const fallback: Fallback | null = firstFallback
        ? { ...firstFallback, to: tier.name, outcome: "answered", error: null }
        : null;
      return decide(attempts, start, clock, { tier, answer, status: "ok", fallback, error: null });
    }
    if (!best || answer.confidence > best.answer.confidence) best = { tier, answer };
    firstFallback ??= { reason: "low_confidence", from: tier.name };
    lastFailure = null;
  }

  // No tier answered at or above its threshold: fall back to the best lower-tier answer.
  const failure = lastFailure
    ? { code: lastFailure.code, message: lastFailure.message }
    : { code: "no_tier", message: "No tier is configured" };
  const fallback: Fallback | null = firstFallback
    ? {
        ...firstFallback,
        // The budget is why no remote tier answered, whatever sent the text past the edge.
        ...(lastFailure?.code === "budget_exhausted" && { reason: "budget_exhausted" as const }),
        to: lastFailure?.tier.name ?? tiers[tiers.length - 1]?.name ?? "none",
        outcome: lastFailure?.unavailable ? "unavailable" : "failed",
        error: failure,
      }
    : null;
  if (best) {
    return decide(attempts, start, clock, { tier: best.tier, answer: best.answer, status: "degraded", fallback, error: null });
  }
  return decide(attempts, start, clock, { tier: null, answer: null, status: "failed", fallback, error: failure });
}

function fallbackReasonFor(tier: Tier<unknown>, code: string): FallbackReason {
  if (code === "no_model") return "no_model";
  if (code === "budget_exhausted") return "budget_exhausted";
  return tier.provider === "edge" ? "edge_error" : "tier_error";
}

function attemptRecord<Output>(
  tier: Tier<Output>,
  answer: TierAnswer<Output> | null,
  latencyMs: number,
  attempts: number,
  usage: Usage,
  error: { code: string; message: string } | null,
): TierAttempt<Output> {
  return {
    tier: tier.name,
    provider: tier.provider,
    model: tier.model,
    output: answer?.output ?? null,
    confidence: answer?.confidence ?? null,
    latencyMs,
    attempts,
    error,
    usage,
    costUsd: tier.costUsd(usage, attempts),
    energyWh: tier.energyWh(usage),
    warnings: answer?.warnings ?? [],
    raw: answer?.raw,
  };
}

function decide<Output>(
  attempts: TierAttempt<Output>[],
  start: number,
  clock: Clock,
  verdict: {
    tier: Tier<Output> | null;
    answer: TierAnswer<Output> | null;
    status: Decision<Output>["status"];
    fallback: Fallback | null;
    error: Decision<Output>["error"];
  },
): Decision<Output> {
  const usage: Usage = attempts.reduce(
    (sum, a) => ({ inputTokens: sum.inputTokens + a.usage.inputTokens, outputTokens: sum.outputTokens + a.usage.outputTokens }),
    { inputTokens: 0, outputTokens: 0 },
  );
  if (attempts.some((a) => a.usage.estimated)) usage.estimated = true;
  return {
    output: verdict.answer?.output ?? null,
    confidence: verdict.answer?.confidence ?? null,
    tier: verdict.tier?.name ?? null,
    model: verdict.tier?.model ?? null,
    status: verdict.status,
    fallback: verdict.fallback,
    tiers: attempts,
    latencyMs: clock.now() - start,
    usage,
    // One unknown price makes the total unknown: a partial sum would look like the whole cost.
    costUsd: attempts.reduce<number | null>((sum, a) => (sum === null || a.costUsd === null ? null : sum + a.costUsd), 0),
    energyWh: attempts.reduce((sum, a) => sum + a.energyWh, 0),
    error: verdict.error,
  };
}

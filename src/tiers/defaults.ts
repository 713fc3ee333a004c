import type { Config } from "../config.ts";
import type { RetryPolicy } from "../cascade/types.ts";
import type { TierSpec } from "./tier-spec.ts";

/** The environment's default cascade: edge, an optional middle model, then the large model. */
export function defaultTierSpecs(config: Config): TierSpec[] {
  const specs: TierSpec[] = [{ provider: "edge" }];
  if (config.LARGE_PROVIDER === "none") return specs;
  const largeModel = config.LARGE_PROVIDER === "openai-compatible" ? config.OPENAI_MODEL : config.LARGE_MODEL;
  if (config.MIDDLE_MODEL) specs.push({ provider: config.LARGE_PROVIDER, model: config.MIDDLE_MODEL, threshold: config.MIDDLE_THRESHOLD });
  specs.push({ provider: config.LARGE_PROVIDER, model: largeModel });
  return specs;
}

/** Retries for remote models, from the environment. */
export function remoteRetryPolicy(config: Config): RetryPolicy {
  return { maxAttempts: config.LARGE_MAX_ATTEMPTS, timeoutMs: config.LARGE_TIMEOUT_MS, deadlineMs: config.LARGE_DEADLINE_MS, baseDelayMs: 250 };
}

/** A deterministic in-Worker model gives the same answer twice: one attempt. */
export const EDGE_RETRY_POLICY: RetryPolicy = { maxAttempts: 1, timeoutMs: 5_000, deadlineMs: 5_000, baseDelayMs: 0 };

/** The tier's name in responses and logs: edge, middle, or large (the last one). */
export function tierName(spec: TierSpec, index: number, count: number): string {
  if (spec.provider === "edge") return "edge";
  return index === count - 1 ? "large" : "middle";
}

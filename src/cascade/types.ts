import type { Usage } from "../models/provider.ts";
import type { ProviderError } from "../models/provider-error.ts";

/** Time as the cascade sees it, so tests and benchmarks can drive it. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What one tier answered. */
export interface TierAnswer<Output> {
  output: Output;
  confidence: number;
  usage: Usage;
  warnings: string[];
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Budget for all attempts of this tier, waits included. */
  deadlineMs: number;
  /** First backoff; doubles each retry, with full jitter. */
  baseDelayMs: number;
}

/** One step of the cascade: a model that answers with a confidence, or declines to run. */
export interface Tier<Output> {
  name: string;
  provider: string;
  model: string;
  /** The tier answers when its confidence is at or above this; the last tier always answers. */
  threshold: number;
  retry: RetryPolicy;
  /** Set when the tier cannot run at all (no trained model, no large model configured). */
  unavailable?: ProviderError;
  run(signal: AbortSignal): Promise<TierAnswer<Output>>;
  costUsd(usage: Usage): number;
  energyWh(usage: Usage): number;
}

export type FallbackReason = "low_confidence" | "edge_error" | "no_model" | "tier_error";
export type FallbackOutcome = "answered" | "failed" | "unavailable";

export interface Fallback {
  reason: FallbackReason;
  from: string;
  to: string;
  outcome: FallbackOutcome;
  error: { code: string; message: string } | null;
}

/** What a tier did during one decision, for the log. */
export interface TierAttempt<Output> {
  tier: string;
  provider: string;
  model: string;
  output: Output | null;
  confidence: number | null;
  latencyMs: number;
  attempts: number;
  error: { code: string; message: string } | null;
  usage: Usage;
  costUsd: number;
  energyWh: number;
}

export type DecisionStatus = "ok" | "degraded" | "failed";

/** The cascade's verdict for one input. */
export interface Decision<Output> {
  output: Output | null;
  confidence: number | null;
  tier: string | null;
  model: string | null;
  status: DecisionStatus;
  fallback: Fallback | null;
  tiers: TierAttempt<Output>[];
  latencyMs: number;
  usage: Usage;
  costUsd: number;
  energyWh: number;
  /** Set when no tier could answer. */
  error: { code: string; message: string } | null;
}

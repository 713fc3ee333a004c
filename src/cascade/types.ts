import type { DECISION_STATUSES, FALLBACK_OUTCOMES, FALLBACK_REASONS, ValueOf } from "../../schema/enums.ts";
import type { Usage } from "../models/provider.ts";
import type { ProviderError } from "../models/provider-error.ts";

export type { Clock } from "../time/clock.ts";

/** What one tier answered. */
export interface TierAnswer<Output> {
  output: Output;
  confidence: number;
  usage: Usage;
  /** What the provider wants known about this answer ("tokens estimated", "text cut", ...). */
  warnings: string[];
  /** The provider's own answer beside the normalized one; never logged. */
  raw?: unknown;
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
  /** USD of `calls` calls (default 1) that spent `usage`; null when the model has no known price. */
  costUsd(usage: Usage, calls?: number): number | null;
  energyWh(usage: Usage): number;
}

export type FallbackReason = ValueOf<typeof FALLBACK_REASONS>;
export type FallbackOutcome = ValueOf<typeof FALLBACK_OUTCOMES>;

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
  /** Null when calls were made to a model without a known price. */
  costUsd: number | null;
  energyWh: number;
  /** The provider's warnings for the answer it gave. */
  warnings: string[];
  /** The provider's own answer; never logged. */
  raw: unknown;
}

export type DecisionStatus = ValueOf<typeof DECISION_STATUSES>;

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
  /** Over all tiers; null when any tier's cost is unknown. */
  costUsd: number | null;
  energyWh: number;
  /** Set when no tier could answer. */
  error: { code: string; message: string } | null;
}

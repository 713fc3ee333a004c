import { ProviderError } from "../models/provider-error.ts";
import type { Usage } from "../models/provider.ts";
import { modelRetryDelayMs } from "../time/backoff.ts";
import type { Clock, RetryPolicy, TierAnswer } from "./types.ts";

export interface RetriedResult<Output> {
  answer: TierAnswer<Output> | null;
  error: ProviderError | null;
  attempts: number;
  /** Tokens spent over all attempts, failed ones included. */
  usage: Usage;
}

/**
 * Calls `attempt` until it succeeds, fails with a non-retryable error, runs out of attempts
 * or would overrun the deadline. Waits honour `Retry-After` and otherwise back off
 * exponentially with full jitter.
 */
export async function withRetries<Output>(
  attempt: (signal: AbortSignal) => Promise<TierAnswer<Output>>,
  policy: RetryPolicy,
  clock: Clock,
  random: () => number = Math.random,
): Promise<RetriedResult<Output>> {
  const start = clock.now();
  let lastError: ProviderError | null = null;
  let made = 0;
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const spend = (spent: Usage | undefined) => {
    usage.inputTokens += spent?.inputTokens ?? 0;
    usage.outputTokens += spent?.outputTokens ?? 0;
    if (spent?.estimated) usage.estimated = true;
  };
  for (let n = 1; n <= policy.maxAttempts; n++) {
    const remaining = policy.deadlineMs - (clock.now() - start);
    if (remaining <= 0) break;
    made = n;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException("attempt timed out", "TimeoutError")),
      Math.min(policy.timeoutMs, remaining),
    );
    try {
      const answer = await attempt(controller.signal);
      spend(answer.usage);
      return { answer, error: null, attempts: n, usage };
    } catch (error) {
      lastError = ProviderError.from(error, controller.signal);
      spend(lastError.details.usage);
    } finally {
      clearTimeout(timer);
    }
    if (!lastError.isRetryable || n === policy.maxAttempts) return { answer: null, error: lastError, attempts: n, usage };
    const backoff = modelRetryDelayMs(n, policy.baseDelayMs, random);
    const wait = lastError.details.retryAfterMs ?? backoff;
    if (clock.now() - start + wait >= policy.deadlineMs) {
      return { answer: null, error: lastError, attempts: n, usage };
    }
    await clock.sleep(wait);
  }
  return {
    answer: null,
    error: lastError ?? new ProviderError("timeout", "The tier's deadline passed before an attempt could start"),
    attempts: made,
    usage,
  };
}

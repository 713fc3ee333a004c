import type { Context } from "hono";
import { secondsToUtcMidnight } from "../budget/day.ts";
import type { AppEnv } from "../http/app-env.ts";
import { ApiError, DEFAULT_RETRY_AFTER_SECONDS } from "../http/errors.ts";
import type { DecisionJson } from "../decision-log/decision-json.ts";

/** Runs a pipeline; if its decisions could not be recorded, nothing is answered but a retryable 503. */
export async function recordedOrUnavailable<T>(pipeline: Promise<T>): Promise<T> {
  try {
    return await pipeline;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("unavailable", "The decision could not be recorded; nothing was answered, try again", undefined, { cause: error });
  }
}

/**
 * Answers a batch with `{ results }`, and a single text with its answer: 200, or 503 with the
 * recorded decision (its error carrying the request id) when no tier could answer; 429
 * `budget_exhausted` when the daily budget skipped the remote tiers and no edge answer exists,
 * with Retry-After at the next UTC midnight, when the budget is whole again.
 */
export function cascadeResponse<A extends Pick<DecisionJson, "status" | "error">>(c: Context<AppEnv>, answers: A[], batch: boolean) {
  if (batch) return c.json({ results: answers }, 200);
  const [answer] = answers;
  if (answer.status !== "failed") return c.json(answer, 200);
  if (answer.error?.code === "budget_exhausted") {
    c.header("Retry-After", String(secondsToUtcMidnight(c.get("ports").clock.now())));
    return c.json({ ...answer, error: { ...answer.error, request_id: c.get("requestId") } }, 429);
  }
  c.header("Retry-After", String(DEFAULT_RETRY_AFTER_SECONDS[503]));
  return c.json({ ...answer, error: { ...answer.error!, request_id: c.get("requestId") } }, 503);
}

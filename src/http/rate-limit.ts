import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/**
 * The period of both limiters in wrangler.toml (`simple = { limit, period = 60 }`), in seconds: the
 * binding does not tell its window, so a refused request is told to retry after one period.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** What the Workers Rate Limiting binding offers, and what a test double must speak. */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The limiter bindings, by name in wrangler.toml. */
type LimiterBinding = "KEY_RATE_LIMIT" | "INTEGRATION_RATE_LIMIT" | "KEY_LOOKUP_RATE_LIMIT";

/**
 * Counts the request against `key` on the binding; over the limit is 429 `rate_limited` with
 * `Retry-After`. A limiter that fails (not a refusal: the binding itself throws) lets the request
 * through and logs: the limit protects the service, it must not take it down.
 */
async function enforce(c: Context<AppEnv>, binding: LimiterBinding, key: string, what: string): Promise<void> {
  const limiter = c.env[binding] as RateLimiter | undefined;
  if (!limiter) return;
  let outcome: { success: boolean };
  try {
    outcome = await limiter.limit({ key });
  } catch (error) {
    console.error(`rate limit: ${binding} failed, request let through`, error);
    return;
  }
  if (outcome.success) return;
  throw new ApiError("rate_limited", `Too many requests for ${what}; retry after ${RATE_LIMIT_PERIOD_SECONDS} s`, undefined, {
    retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS,
  });
}

/** One counter per API key (its id, so a bootstrap key and a project key are each their own) on /v1/*; after bearerAuth. */
export function keyRateLimit(): MiddlewareHandler<AppEnv> {
  return async function keyRateLimitMiddleware(c, next) {
    const caller = c.get("caller");
    if (caller) await enforce(c, "KEY_RATE_LIMIT", caller.keyId, "this API key");
    await next();
  };
}

/**
 * One counter per client address (`CF-Connecting-IP`) of the API-key lookups in D1: called by
 * bearerAuth only for a key this isolate has not read lately, before the lookup. Real clients
 * reuse their keys (a lookup per key and isolate every 30 s); a client sending made-up keys runs
 * out of lookups and is answered 429 without touching D1.
 */
export async function keyLookupRateLimit(c: Context<AppEnv>): Promise<void> {
  const address = c.req.header("cf-connecting-ip") ?? "unknown";
  await enforce(c, "KEY_LOOKUP_RATE_LIMIT", address, "API keys this address has not used before");
}

/**
 * One counter per integration on /hooks/{kind}/{id}, keyed by the id in the URL and counted
 * before anything else runs: before the integration lookup and before the signature is checked,
 * so requests with bad signatures aimed at a real integration's URL are bounded too (they use
 * up the same allowance; README, "Rate limits"). An id no integration has is answered 404 by one
 * indexed lookup once it is within its own counter.
 */
export function integrationRateLimit(): MiddlewareHandler<AppEnv> {
  return async function integrationRateLimitMiddleware(c, next) {
    const id = c.req.param("id");
    // Route ids are at most 100 characters; longer ones fail validation without any work.
    if (id && id.length <= 100) await enforce(c, "INTEGRATION_RATE_LIMIT", id, "this integration");
    await next();
  };
}

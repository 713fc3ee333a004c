import type { MiddlewareHandler } from "hono";
import { sha256Hex } from "../privacy/digest.ts";
import { seal, unseal } from "../privacy/secret-box.ts";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "../storage/idempotency.ts";
import { concatBytes, utf8 } from "../text/encoding.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** How long a finished answer is replayed (Stripe keeps keys for 24 hours too). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * How long a first request holds its key while it runs: longer than any request may take (100
 * texts, each up to the large model's deadline, eight at a time), so a key is never run twice at
 * once; a request that died holding it frees it after this.
 */
export const IDEMPOTENCY_HOLD_MS = 5 * 60 * 1000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A recorded answer: what a retry under the same key gets back, byte for byte. */
interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers of the first answer that a replay repeats. */
const REPLAYED_HEADERS = ["content-type", "location"];

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer is recorded
 * (sealed: it may hold a summary of a task that keeps no text); a retry with the same key and
 * the same body within 24 hours gets that answer back with `Idempotent-Replayed: true` and runs
 * nothing. Another body under the key is 422 `idempotency_mismatch`; a retry while the first is
 * still running is 409 `idempotency_in_progress`. Transient failures (429, 5xx) are not
 * recorded, so their retry runs again. Keys belong to the project of the API key that sent them.
 */
export function idempotent(): MiddlewareHandler<AppEnv> {
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header("idempotency-key");
    if (key === undefined || c.req.method !== "POST") return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError("invalid_request", "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)");
    }
    const { db, clock, config } = c.get("ports");
    const caller = c.get("caller");
    // A key limited to named tasks replays only its own answers: another key's may be of a task it cannot see.
    const scope = caller.taskIds === null ? caller.projectId : `${caller.projectId}\n${caller.keyId}`;
    const route = `POST ${new URL(c.req.url).pathname}`;
    const requestDigest = await digestOf(route, await c.req.arrayBuffer());
    const now = clock.now();
    const holder = await claimIdempotencyKey(db, { scope, key, route, requestDigest, now, holdUntil: now + IDEMPOTENCY_HOLD_MS });
    const sealedFor = `${scope}\n${key}`;
    if (holder) {
      if (holder.requestDigest !== requestDigest) {
        throw new ApiError("idempotency_mismatch", "This Idempotency-Key was used with another request (a different body or route); use a new key for a new request");
      }
      if (holder.state === "in_progress" || holder.responseSealed === null) {
        throw new ApiError("idempotency_in_progress", "A request with this Idempotency-Key is still running; retry after it finishes", undefined, { retryAfterSeconds: 1 });
      }
      const answer = await unseal<RecordedAnswer>(config.sealingKeys, sealedFor, holder.responseSealed);
      return replay(answer);
    }

    await next();
    const response = c.res;
    if (response.status === 429 || response.status >= 500) {
      await releaseIdempotencyKey(db, scope, key, requestDigest).catch((error) => console.error("idempotency: releasing a key failed", error));
      return;
    }
    const answer: RecordedAnswer = { status: response.status, headers: headersToReplay(response.headers), body: await response.clone().text() };
    try {
      const sealed = await seal(config.sealingKeys, sealedFor, answer);
      await completeIdempotencyKey(db, { scope, key, requestDigest, status: answer.status, sealed, expiresAt: now + IDEMPOTENCY_WINDOW_MS });
    } catch (error) {
      // The answer stands (its decisions are recorded); the key stays held until IDEMPOTENCY_HOLD_MS.
      console.error("idempotency: recording the answer failed", error);
    }
  };
}

async function digestOf(route: string, body: ArrayBuffer): Promise<string> {
  const bytes = concatBytes(utf8(`${route}\n`), new Uint8Array(body));
  return sha256Hex(bytes);
}

function headersToReplay(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

function replay(answer: RecordedAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set("idempotent-replayed", "true");
  return new Response(answer.body, { status: answer.status, headers });
}

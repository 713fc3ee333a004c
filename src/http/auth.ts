import type { MiddlewareHandler } from "hono";
import { DEFAULT_PROJECT_ID } from "../../schema/projects.ts";
import { sha256Hex, timingSafeEqualHex } from "../privacy/digest.ts";
import { ALL_SCOPES, type Caller } from "../projects/caller.ts";
import { freshApiKey, rememberApiKey } from "../projects/key-cache.ts";
import { findApiKeyByHash, touchApiKey } from "../storage/api-keys.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";
import { keyLookupRateLimit } from "./rate-limit.ts";

/** `last_used_at` is written at most this often a key and isolate. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Requires `Authorization: Bearer <key>`: a bootstrap key (its SHA-256 in API_KEY_HASHES, an
 * admin of the default project) or a project's key (stored as SHA-256 in D1; revoked or
 * expired keys are refused). Sets `caller`. Keys themselves are never stored.
 */
export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async function bearerAuthMiddleware(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
    if (!match) {
      throw new ApiError("unauthorized", "Missing API key: send 'Authorization: Bearer <key>'");
    }
    const presented = await sha256Hex(match[1]);
    const ports = c.get("ports");
    c.set("caller", bootstrapCaller(presented, ports.config.API_KEY_HASHES) ?? (await projectCaller(c, presented)));
    await next();
  };
}

function bootstrapCaller(presented: string, bootstrapHashes: readonly string[]): Caller | null {
  // Compare against every hash so the time taken does not depend on which one matched.
  let accepted = false;
  for (const hash of bootstrapHashes) accepted = timingSafeEqualHex(presented, hash) || accepted;
  if (!accepted) return null;
  return { projectId: DEFAULT_PROJECT_ID, keyId: `key_boot_${presented.slice(0, 16)}`, scopes: ALL_SCOPES, taskIds: null, expiresAt: null, bootstrap: true };
}

async function projectCaller(c: Parameters<MiddlewareHandler<AppEnv>>[0], presented: string): Promise<Caller> {
  const { db, clock } = c.get("ports");
  const now = clock.now();
  let entry = freshApiKey(presented, now);
  if (!entry) {
    // A key this isolate has not read lately costs a D1 lookup: those are counted per client
    // address, so a flood of made-up keys is refused before it reaches D1.
    await keyLookupRateLimit(c);
    entry = rememberApiKey(presented, (await findApiKeyByHash(db, presented)) ?? null, now);
  }
  const key = entry.row;
  if (!key || key.revokedAt !== null) throw new ApiError("unauthorized", "Invalid API key");
  if (key.expiresAt !== null && key.expiresAt <= now) throw new ApiError("unauthorized", `This API key expired at ${new Date(key.expiresAt).toISOString()}`);
  if (now - entry.touchedAt >= TOUCH_EVERY_MS) {
    entry.touchedAt = now;
    const touch = touchApiKey(db, key.id, now, TOUCH_EVERY_MS).catch((error) => console.error("api key: recording its use failed", error));
    try {
      c.executionCtx.waitUntil(touch);
    } catch {
      await touch;
    }
  }
  return { projectId: key.projectId, keyId: key.id, scopes: key.scopes, taskIds: key.taskIds, expiresAt: key.expiresAt, bootstrap: false };
}

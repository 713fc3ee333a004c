import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";
import { sha256Hex, timingSafeEqualHex } from "../privacy/digest.ts";

/**
 * Requires `Authorization: Bearer <key>` where the key's SHA-256 is one of the configured
 * hashes. Keys themselves are never stored.
 */
export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async function bearerAuthMiddleware(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new ApiError("unauthorized", "Missing API key: send 'Authorization: Bearer <key>'");
    }
    const presented = await sha256Hex(match[1]);
    const known = c.get("ports").config.API_KEY_HASHES;
    // Compare against every hash so the time taken does not depend on which one matched.
    let accepted = false;
    for (const hash of known) accepted = timingSafeEqualHex(presented, hash) || accepted;
    if (!accepted) throw new ApiError("unauthorized", "Invalid API key");
    c.set("caller", { keyId: `key_${presented.slice(0, 16)}` });
    await next();
  };
}

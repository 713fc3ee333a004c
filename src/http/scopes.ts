import type { MiddlewareHandler } from "hono";
import type { ApiKeyScope } from "../../schema/enums.ts";
import { hasScope } from "../projects/caller.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** Refuses the request with 403 `forbidden` unless the caller's key has `scope` (admin has every scope). */
export function requireScope(scope: ApiKeyScope): MiddlewareHandler<AppEnv> {
  return async function requireScopeMiddleware(c, next) {
    if (!hasScope(c.get("caller"), scope)) throw new ApiError("forbidden", `This API key lacks the ${scope} scope`);
    await next();
  };
}

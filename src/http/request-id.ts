import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";

/** Gives every request an id (Cloudflare's ray id when present) and echoes it as `x-request-id`. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const id = c.req.header("cf-ray") ?? `req_${crypto.randomUUID().replaceAll("-", "")}`;
    c.set("requestId", id);
    c.header("x-request-id", id);
    await next();
  };
}

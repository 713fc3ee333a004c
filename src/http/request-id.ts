import type { MiddlewareHandler } from "hono";
import { newId } from "../ids.ts";
import { systemClock } from "../time/clock.ts";
import type { AppEnv } from "./app-env.ts";

/** Gives every request an id (Cloudflare's ray id when present) and echoes it as `x-request-id`. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const id = c.req.header("cf-ray") ?? newId("req", systemClock.now());
    c.set("requestId", id);
    c.header("x-request-id", id);
    await next();
  };
}

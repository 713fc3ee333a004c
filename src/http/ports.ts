import type { MiddlewareHandler } from "hono";
import { portsFromEnv } from "../ports.ts";
import type { AppEnv } from "./app-env.ts";

/** Validates the configuration and exposes the service's ports as `ports`; a ConfigError becomes `misconfigured`. */
export function servicePorts(): MiddlewareHandler<AppEnv> {
  return async function servicePortsMiddleware(c, next) {
    c.set("ports", portsFromEnv(c.env));
    await next();
  };
}

import type { Ports } from "../ports.ts";
import type { Caller } from "../projects/caller.ts";

/** The one Hono environment type shared by the app, every router and the tests. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** The service's ports for this request, built from the bindings once the configuration is valid. */
    ports: Ports;
    /** Who sent the request: its project, key and scopes (set by bearerAuth on /v1). */
    caller: Caller;
  };
}

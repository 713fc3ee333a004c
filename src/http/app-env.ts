import type { Ports } from "../ports.ts";

/** The one Hono environment type shared by the app, every router and the tests. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** The service's ports for this request, built from the bindings once the configuration is valid. */
    ports: Ports;
    /** Who sent the request: the API key, by a stable id derived from its hash (never the key). */
    caller: { keyId: string };
  };
}

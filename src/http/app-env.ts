import type { Bindings, Config } from "../env.ts";

/** The one Hono environment type shared by the app, every router and the tests. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    config: Config;
  };
}

import type { Clock } from "../cascade/types.ts";
import type { Bindings, Config } from "../env.ts";
import type { Database } from "../storage/database.ts";

/** What the request pipelines need from the outside world. */
export interface PipelineDeps {
  env: Bindings;
  config: Config;
  db: Database;
  clock: Clock;
  /** Outbound HTTP, for OpenAI-compatible endpoints. */
  fetch: typeof fetch;
}

import { systemClock } from "../cascade/clock.ts";
import type { Clock } from "../cascade/types.ts";
import { readConfig, type Bindings, type Config } from "../env.ts";
import { database, type Database } from "../storage/database.ts";

/** What the request pipelines need from the outside world. */
export interface PipelineDeps {
  env: Bindings;
  config: Config;
  db: Database;
  clock: Clock;
  /** Outbound HTTP, for OpenAI-compatible endpoints. */
  fetch: typeof fetch;
}

/** The real dependencies, from the Worker's bindings (HTTP handlers, queue consumers, cron). */
export function pipelineDepsFromEnv(env: Bindings): PipelineDeps {
  return {
    env,
    config: readConfig(env),
    db: database(env.DB),
    clock: systemClock,
    // Looked up at call time, so a test double installed on globalThis is used.
    fetch: (input, init) => fetch(input, init),
  };
}

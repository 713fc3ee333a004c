import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `max_retries` of each queue consumer of the top-level environment in wrangler.toml. */
    queueMaxRetries: Record<string, number>;
  }
}

/** Reads the queue consumers' settings from wrangler.toml, so tests can hold the code to them. */
export default function provideQueueSettings(project: TestProject): void {
  const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
  const topLevel = toml.split(/^\[env\./m)[0];
  const maxRetries: Record<string, number> = {};
  for (const block of topLevel.split(/^\[\[queues\.consumers\]\]/m).slice(1)) {
    const queue = /^queue\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    const retries = /^max_retries\s*=\s*(\d+)/m.exec(block)?.[1];
    if (queue && retries) maxRetries[queue] = Number(retries);
  }
  project.provide("queueMaxRetries", maxRetries);
}

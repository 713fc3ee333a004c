import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";

interface ConsumerSettings {
  maxRetries: number;
  maxBatchSize: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** `max_retries` of each queue consumer of the top-level environment in wrangler.toml. */
    queueMaxRetries: Record<string, number>;
    /** Each queue consumer's settings, per environment (`top` and `production`). */
    queueConsumers: Record<"top" | "production", Record<string, ConsumerSettings>>;
    /** `[env.production.limits] cpu_ms`, or null when it is not declared. */
    productionCpuMs: number | null;
  }
}

function consumersOf(section: string, header: RegExp): Record<string, ConsumerSettings> {
  const consumers: Record<string, ConsumerSettings> = {};
  for (const block of section.split(header).slice(1)) {
    const body = block.split(/^\[/m)[0];
    const queue = /^queue\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const maxRetries = Number(/^max_retries\s*=\s*(\d+)/m.exec(body)?.[1] ?? 3);
    const maxBatchSize = Number(/^max_batch_size\s*=\s*(\d+)/m.exec(body)?.[1] ?? 10);
    if (queue) consumers[queue] = { maxRetries, maxBatchSize };
  }
  return consumers;
}

/** Reads the queue consumers' settings from wrangler.toml, so tests can hold the code to them. */
export default function provideQueueSettings(project: TestProject): void {
  const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
  const [top, ...environments] = toml.split(/^(?=\[env\.)/m);
  const production = environments.join("");
  const consumers = {
    top: consumersOf(top, /^\[\[queues\.consumers\]\]/m),
    production: consumersOf(production, /^\[\[env\.production\.queues\.consumers\]\]/m),
  };
  project.provide("queueConsumers", consumers);
  const limits = /^\[env\.production\.limits\]\s*\n(?:[^[]*?)^cpu_ms\s*=\s*(\d+)/m.exec(production);
  project.provide("productionCpuMs", limits ? Number(limits[1]) : null);
  project.provide("queueMaxRetries", Object.fromEntries(Object.entries(consumers.top).map(([queue, settings]) => [queue, settings.maxRetries])));
}

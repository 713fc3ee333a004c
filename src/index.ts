import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { consumeJobs } from "./jobs/queue-consumer.ts";
import { consumeDeliveries, isDeliveriesQueue } from "./jobs/webhook-consumer.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => (isDeliveriesQueue(batch.queue) ? consumeDeliveries(batch, env) : consumeJobs(batch, env)),
} satisfies ExportedHandler<Bindings, unknown>;

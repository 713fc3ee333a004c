import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { consumeJobs } from "./jobs/queue-consumer.ts";
import { retrainOnSchedule } from "./jobs/scheduled-retrain.ts";
import { pipelineDepsFromEnv } from "./pipeline/deps.ts";
import { consumeDeliveries, isDeliveriesQueue } from "./jobs/webhook-consumer.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => (isDeliveriesQueue(batch.queue) ? consumeDeliveries(batch, env) : consumeJobs(batch, env)),
  scheduled: async (_controller, env) => {
    const queued = await retrainOnSchedule(pipelineDepsFromEnv(env));
    if (queued.length > 0) console.log(`scheduled retrain queued ${queued.length} model version(s)`);
  },
} satisfies ExportedHandler<Bindings, unknown>;

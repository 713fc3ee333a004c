import type { Bindings } from "../env.ts";
import { retryDelaySeconds } from "../integrations/retry-schedule.ts";
import { pipelineDepsFromEnv, type PipelineDeps } from "../pipeline/deps.ts";
import { findDelivery, findOutput, updateDelivery, updateOutput } from "../storage/deliveries.ts";
import { deliveryMessageSchema, type DeliveryMessage } from "./webhook-messages.ts";
import { sendDeliveryOutput } from "./webhook-output.ts";
import { PermanentDeliveryError, processDelivery } from "./webhook-process.ts";

/** Queue names as wrangler.toml declares them. */
export const DELIVERIES_QUEUE = "edge-cascade-deliveries";
export const DELIVERIES_DEAD_LETTER_QUEUE = "edge-cascade-deliveries-dlq";

export function isDeliveriesQueue(name: string): boolean {
  return name === DELIVERIES_QUEUE || name === DELIVERIES_DEAD_LETTER_QUEUE;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Consumes webhook deliveries: each message is acked, or retried on the documented schedule.
 * After `max_retries` the queue moves it to the dead-letter queue, whose consumer records why.
 */
export async function consumeDeliveries(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const deps = pipelineDepsFromEnv(env);
  const dead = batch.queue === DELIVERIES_DEAD_LETTER_QUEUE;
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = deliveryMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        console.error("dropping a malformed delivery message", message.id, parsed.error.message);
        message.ack();
        return;
      }
      if (dead) await recordDeadLetter(deps, parsed.data, message);
      else await handle(deps, env, parsed.data, message);
    }),
  );
}

async function handle(deps: PipelineDeps, env: Bindings, job: DeliveryMessage, message: Message<unknown>): Promise<void> {
  try {
    if (job.type === "webhook.process") {
      await processDelivery(deps, env.DELIVERIES, job);
      message.ack();
      return;
    }
    const outcome = await sendDeliveryOutput(deps, job);
    if (outcome.next === "ack") message.ack();
    else message.retry({ delaySeconds: retryDelaySeconds(message.attempts, outcome.retryAfterSeconds) });
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      await updateDelivery(deps.db, job.delivery_id, { status: "failed", error: error.message });
      message.ack();
      return;
    }
    console.error(`delivery ${job.delivery_id}: ${job.type} failed (attempt ${message.attempts})`, error);
    if (job.type === "webhook.process") {
      await updateDelivery(deps.db, job.delivery_id, { status: "retrying", error: describe(error) }, ["queued", "processing", "retrying", "received"]).catch(() => {});
    }
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/** A message that exhausted its retries: the delivery (and the output) are marked failed with the last error. */
async function recordDeadLetter(deps: PipelineDeps, job: DeliveryMessage, message: Message<unknown>): Promise<void> {
  try {
    if (job.type === "webhook.process") {
      const delivery = await findDelivery(deps.db, job.delivery_id);
      if (delivery && delivery.status !== "processed") {
        const error = `gave up after ${delivery.attempts} attempts: ${delivery.error ?? "unknown error"}`;
        await updateDelivery(deps.db, delivery.id, { status: "failed", error });
      }
    } else {
      const output = await findOutput(deps.db, job.delivery_id, job.output);
      if (output && output.status !== "sent" && output.status !== "disabled") {
        const error = `gave up after ${output.attempts} attempts: ${output.error ?? "unknown error"}`;
        await updateOutput(deps.db, output.id, { status: "failed", error });
        await updateDelivery(deps.db, job.delivery_id, { status: "failed", error: `${job.output}: ${error}` });
      }
    }
    message.ack();
  } catch (error) {
    console.error(`dead letter for delivery ${job.delivery_id} could not be recorded`, error);
    message.retry({ delaySeconds: 60 });
  }
}

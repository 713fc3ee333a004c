import type { Ports } from "../ports.ts";
import { findDelivery, findOutput, updateOutput } from "../storage/deliveries.ts";
import { deliveryRetryDelaySeconds } from "../time/backoff.ts";
import { DELIVERIES_DEAD_LETTER_QUEUE, deliveryMessageSchema, type DeliveryMessage } from "./messages.ts";
import { DeliveryRetryError, PermanentDeliveryError, processDelivery } from "./process.ts";
import { sendDeliveryOutput } from "./send-output.ts";
import { moveDelivery } from "./status.ts";

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Consumes webhook deliveries: each message is acked, or retried on the documented schedule.
 * After `max_retries` the queue moves it to the dead-letter queue, whose consumer records why.
 */
export async function consumeDeliveries(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  const dead = batch.queue === DELIVERIES_DEAD_LETTER_QUEUE;
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = deliveryMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        console.error("dropping a malformed delivery message", message.id, parsed.error.message);
        message.ack();
        return;
      }
      if (dead) await recordDeadLetter(ports, parsed.data, message);
      else await handle(ports, parsed.data, message);
    }),
  );
}

async function handle(ports: Ports, job: DeliveryMessage, message: Message<unknown>): Promise<void> {
  const { db, clock } = ports;
  try {
    if (job.type === "webhook.process") {
      await processDelivery(ports, job);
      message.ack();
      return;
    }
    const outcome = await sendDeliveryOutput(ports, job);
    if (outcome.next === "ack") message.ack();
    else message.retry({ delaySeconds: deliveryRetryDelaySeconds(message.attempts, outcome.retryAfterSeconds) });
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      await moveDelivery(db, job.delivery_id, "failed", { error: error.message }, clock.now());
      message.ack();
      return;
    }
    console.error(`delivery ${job.delivery_id}: ${job.type} failed (attempt ${message.attempts})`, error);
    if (job.type === "webhook.process") {
      await moveDelivery(db, job.delivery_id, "retrying", { error: describe(error) }, clock.now()).catch(() => false);
    }
    const retryAfter = error instanceof DeliveryRetryError ? error.retryAfterSeconds : null;
    message.retry({ delaySeconds: deliveryRetryDelaySeconds(message.attempts, retryAfter) });
  }
}

/** A message that exhausted its retries: the delivery (and the output) are marked failed with the last error. */
async function recordDeadLetter(ports: Ports, job: DeliveryMessage, message: Message<unknown>): Promise<void> {
  const { db, clock } = ports;
  try {
    if (job.type === "webhook.process") {
      const delivery = await findDelivery(db, job.delivery_id);
      if (delivery && delivery.status !== "processed") {
        const error = `gave up after ${delivery.attempts} attempts: ${delivery.error ?? "unknown error"}`;
        await moveDelivery(db, delivery.id, "failed", { error }, clock.now());
      }
    } else {
      const output = await findOutput(db, job.delivery_id, job.output);
      if (output && output.status !== "sent" && output.status !== "disabled") {
        const error = `gave up after ${output.attempts} attempts: ${output.error ?? "unknown error"}`;
        await updateOutput(db, output.id, { status: "failed", error }, clock.now());
        await moveDelivery(db, job.delivery_id, "failed", { error: `${job.output}: ${error}` }, clock.now());
      }
    }
    message.ack();
  } catch (error) {
    console.error(`dead letter for delivery ${job.delivery_id} could not be recorded`, error);
    message.retry({ delaySeconds: 60 });
  }
}

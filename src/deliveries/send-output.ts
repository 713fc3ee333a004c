import type { Ports } from "../ports.ts";
import { findDelivery, findOutput, updateOutput } from "../storage/deliveries.ts";
import { disableCallback, findIntegrationById, openSecrets } from "../storage/integrations.ts";
import type { OutputMessage } from "./messages.ts";
import { failed } from "./output-attempt.ts";
import { channelFor } from "./senders.ts";
import { moveDelivery } from "./status.ts";

/** How long one outbound call may take before it counts as a failed attempt. */
export const OUTPUT_TIMEOUT_MS = 10_000;

/** What the consumer does with the message after one attempt. */
export type OutputOutcome = { next: "ack"; note: string } | { next: "retry"; retryAfterSeconds: number | null };

/**
 * Sends one output of a processed delivery, once: an output already sent, failed or disabled
 * is not sent again when its message is redelivered. Records each attempt on the output row.
 */
export async function sendDeliveryOutput(ports: Ports, message: OutputMessage): Promise<OutputOutcome> {
  const { db, clock } = ports;
  const output = await findOutput(db, message.delivery_id, message.output);
  if (!output) return { next: "ack", note: "the output no longer exists" };
  if (output.status === "sent" || output.status === "failed" || output.status === "disabled") return { next: "ack", note: `already ${output.status}` };
  const [integration, delivery] = await Promise.all([findIntegrationById(db, message.integration_id), findDelivery(db, message.delivery_id)]);
  if (!integration || !delivery) return { next: "ack", note: "the integration was deleted" };
  const secrets = await openSecrets(ports.config.sealingKeys, integration);

  const channel = channelFor(integration.kind, message.output);
  const context = { ports, message, integration, secrets, outputId: output.id, externalId: delivery.externalId, now: clock.now(), timeoutMs: OUTPUT_TIMEOUT_MS };
  const outcome = channel ? await channel.send(context) : failed(null, `${integration.kind} integrations have no ${message.output} output`, "permanent");
  const attempts = output.attempts + 1;
  const now = clock.now();
  if (outcome.ok) {
    await updateOutput(db, output.id, { status: "sent", attempts, lastStatus: outcome.status, error: null, sentAt: now }, now);
    return { next: "ack", note: `sent (HTTP ${outcome.status})` };
  }
  const recorded = { attempts, lastStatus: outcome.status, error: outcome.error };
  if (outcome.next === "gone") {
    if (message.output === "callback" && outcome.status === 410) await disableCallback(db, integration.id, outcome.error, now);
    await updateOutput(db, output.id, { ...recorded, status: "disabled" }, now);
    return { next: "ack", note: outcome.error };
  }
  if (outcome.next === "permanent") {
    await updateOutput(db, output.id, { ...recorded, status: "failed" }, now);
    await moveDelivery(db, delivery.id, "failed", { error: `${message.output}: ${outcome.error}` }, now);
    return { next: "ack", note: outcome.error };
  }
  await updateOutput(db, output.id, { ...recorded, status: "retrying" }, now);
  return { next: "retry", retryAfterSeconds: outcome.retryAfterSeconds };
}

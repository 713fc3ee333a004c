import { z } from "zod";
import { OUTPUT_KINDS } from "../../schema/enums.ts";
import { decisionSchema } from "../decision-log/decision-json.ts";
import type { Outbox } from "../ports.ts";
import { utf8ByteLength } from "../text/encoding.ts";

/** The deliveries queue and its dead-letter queue, as wrangler.toml names them. */
export const DELIVERIES_QUEUE = "edge-cascade-deliveries";
export const DELIVERIES_DEAD_LETTER_QUEUE = "edge-cascade-deliveries-dlq";

export function isDeliveriesQueue(name: string): boolean {
  return name === DELIVERIES_QUEUE || name === DELIVERIES_DEAD_LETTER_QUEUE;
}

const target = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("github_issue"), owner: z.string(), repo: z.string(), number: z.number().int() }),
  z.object({ kind: z.literal("slack_thread"), channel: z.string(), thread_ts: z.string() }),
  z.object({ kind: z.literal("slack_response_url"), response_url: z.string() }),
]);

/** Every message the deliveries queue (and its dead-letter queue) carries. */
export const deliveryMessageSchema = z.discriminatedUnion("type", [
  /** Run the cascade on a recorded delivery. The text travels in the message, never in D1. */
  z.object({
    type: z.literal("webhook.process"),
    delivery_id: z.string(),
    integration_id: z.string(),
    event: z.string(),
    text: z.string(),
    target: target.nullable(),
  }),
  /** Send one output of a processed delivery. */
  z.object({
    type: z.literal("webhook.output"),
    delivery_id: z.string(),
    integration_id: z.string(),
    output: z.enum(OUTPUT_KINDS),
    target: target.nullable(),
    result: z.object({ event: z.string(), classification: decisionSchema.nullable(), summary: decisionSchema.nullable() }),
  }),
]);

export type DeliveryMessage = z.infer<typeof deliveryMessageSchema>;
export type ProcessMessage = Extract<DeliveryMessage, { type: "webhook.process" }>;
export type OutputMessage = Extract<DeliveryMessage, { type: "webhook.output" }>;

/** Queues refuse messages over 128 KB; a text is cut until its message fits. */
const MAX_MESSAGE_BYTES = 120 * 1024;

/** A process message whose JSON fits in a queue message, cutting the text if escaping inflated it. */
export function processMessage(fields: Omit<ProcessMessage, "type">): ProcessMessage {
  let message: ProcessMessage = { type: "webhook.process", ...fields };
  let size = utf8ByteLength(JSON.stringify(message));
  while (size > MAX_MESSAGE_BYTES && message.text.length > 0) {
    const keep = Math.floor(message.text.length * (MAX_MESSAGE_BYTES / size) * 0.95);
    message = { ...message, text: message.text.slice(0, keep).replace(/[\uD800-\uDBFF]$/, "") };
    size = utf8ByteLength(JSON.stringify(message));
  }
  return message;
}

/** Puts delivery messages on the deliveries queue; resolves once the queue has them. */
export async function sendDeliveryMessages(queue: Outbox, messages: readonly DeliveryMessage[]): Promise<void> {
  if (messages.length === 1) await queue.send(messages[0]);
  else if (messages.length > 1) await queue.sendBatch(messages.map((body) => ({ body })));
}

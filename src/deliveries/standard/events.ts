import { truncateUtf8 } from "../../text/limits.ts";
import { parseJsonObject, type InboundEvent } from "../inbound-event.ts";
import { resolveJsonPointer } from "./json-pointer.ts";

/**
 * Reads a verified Standard Webhooks payload (`{ type, timestamp, data }` by convention): the
 * event is its `type` (or `*` when it has none), the text is what `textPointer` names.
 */
export function standardEvent(body: string, webhookId: string, textPointer: string): InboundEvent {
  const payload = parseJsonObject(body);
  if (!payload) return { type: "malformed", reason: "The body is not a JSON object" };
  const text = resolveJsonPointer(payload, textPointer);
  if (typeof text !== "string") return { type: "malformed", reason: `The payload has no string at ${JSON.stringify(textPointer)}` };
  if (!text.trim()) return { type: "ignored", reason: "The text is empty" };
  const event = typeof payload.type === "string" && payload.type ? payload.type : "*";
  return { type: "event", deliveryId: webhookId, event, text: truncateUtf8(text), target: null };
}

import { z } from "zod";
import type { Outbox } from "../ports.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import type { ExampleRow } from "../storage/examples.ts";
import { utf8ByteLength } from "../text/encoding.ts";

/** The decision log's queue and its dead-letter queue, as wrangler.toml names them. */
export const DECISION_LOG_QUEUE = "edge-cascade-decisions";
export const DECISION_LOG_DEAD_LETTER_QUEUE = "edge-cascade-decisions-dlq";

export function isDecisionLogQueue(name: string): boolean {
  return name === DECISION_LOG_QUEUE || name === DECISION_LOG_DEAD_LETTER_QUEUE;
}

/**
 * Decision rows that D1 did not take during the request, with the labels captured with them:
 * the consumer writes both, or neither. Rows are built by the request (ids included), so the
 * consumer only inserts them; they hold no text the task does not keep.
 */
export const decisionLogMessageSchema = z.object({
  type: z.literal("decisions.record"),
  decisions: z.array(z.looseObject({ id: z.string().startsWith("dec_") })).min(1),
  labels: z.array(z.looseObject({ id: z.string().startsWith("ex_") })),
});

export interface DecisionLogMessage {
  type: "decisions.record";
  decisions: DecisionRow[];
  labels: ExampleRow[];
}

/** A queue message holds at most 128 KB; this leaves room for the envelope. */
const MAX_MESSAGE_BYTES = 100_000;

/**
 * Splits rows into messages under the size limit, each decision with its labels, and resolves
 * once the queue holds every one. A 100-text request with kept text is a handful of messages.
 */
export async function sendDecisionRows(queue: Outbox, decisions: readonly DecisionRow[], labels: readonly ExampleRow[]): Promise<number> {
  const labelsOf = new Map<string, ExampleRow[]>();
  for (const label of labels) {
    const key = label.decisionId ?? "";
    const own = labelsOf.get(key);
    if (own) own.push(label);
    else labelsOf.set(key, [label]);
  }
  const messages: DecisionLogMessage[] = [];
  let current: DecisionLogMessage = { type: "decisions.record", decisions: [], labels: [] };
  let bytes = 0;
  for (const decision of decisions) {
    const own = labelsOf.get(decision.id) ?? [];
    const size = utf8ByteLength(JSON.stringify(decision)) + utf8ByteLength(JSON.stringify(own));
    if (current.decisions.length > 0 && bytes + size > MAX_MESSAGE_BYTES) {
      messages.push(current);
      current = { type: "decisions.record", decisions: [], labels: [] };
      bytes = 0;
    }
    current.decisions.push(decision);
    current.labels.push(...own);
    bytes += size;
  }
  if (current.decisions.length > 0) messages.push(current);
  // One send each: a batch is limited to 256 KB in all, and each send is awaited before the answer.
  await Promise.all(messages.map((message) => queue.send(message)));
  return messages.length;
}

import type { Ports } from "../ports.ts";
import { recordDecisions } from "../storage/decisions.ts";
import { decisionLogRetryDelaySeconds } from "../time/backoff.ts";
import { DECISION_LOG_DEAD_LETTER_QUEUE, decisionLogMessageSchema, type DecisionLogMessage } from "./messages.ts";

/**
 * Writes queued decision rows to D1, idempotent on their ids (a redelivered message writes
 * nothing twice). A message that fails is retried with a growing delay; the dead-letter queue's
 * consumer keeps trying with the longest delay, so rows outlive a D1 outage of days.
 */
export async function consumeDecisionLog(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  const dead = batch.queue === DECISION_LOG_DEAD_LETTER_QUEUE;
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = decisionLogMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        // Only this Worker writes here: a malformed message is a bug, kept for a person to read.
        console.error("decision log: a malformed message", message.id, parsed.error.message);
        message.retry({ delaySeconds: decisionLogRetryDelaySeconds(Infinity) });
        return;
      }
      const rows = parsed.data as unknown as DecisionLogMessage;
      try {
        await recordDecisions(ports.db, rows.decisions, rows.labels);
        message.ack();
      } catch (error) {
        const attempts = dead ? Infinity : message.attempts;
        console.error(`decision log: writing ${rows.decisions.length} queued decision(s) failed (attempt ${message.attempts}${dead ? ", dead-lettered" : ""})`, error);
        message.retry({ delaySeconds: decisionLogRetryDelaySeconds(attempts) });
      }
    }),
  );
}

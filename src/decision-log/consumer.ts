import type { Ports } from "../ports.ts";
import { recordDecisions } from "../storage/decisions.ts";
import { decisionLogRetryDelaySeconds } from "../time/backoff.ts";
import { DECISION_LOG_DEAD_LETTER_QUEUE, decisionLogMessageSchema, type DecisionLogMessage } from "./messages.ts";

/**
 * Writes queued decision rows to D1, idempotent on their ids (a redelivered message writes
 * nothing twice): a whole batch in one transaction, and message by message when that fails, so
 * one bad message holds up no other. A message that fails is retried with a growing delay; the
 * dead-letter queue's consumer keeps trying with the longest delay, so rows outlive a D1 outage
 * of days.
 */
export async function consumeDecisionLog(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  const dead = batch.queue === DECISION_LOG_DEAD_LETTER_QUEUE;
  const valid: { message: Message<unknown>; rows: DecisionLogMessage }[] = [];
  for (const message of batch.messages) {
    const parsed = decisionLogMessageSchema.safeParse(message.body);
    if (parsed.success) valid.push({ message, rows: parsed.data as unknown as DecisionLogMessage });
    else {
      // Only this Worker writes here: a malformed message is a bug, kept for a person to read.
      console.error("decision log: a malformed message", message.id, parsed.error.message);
      message.retry({ delaySeconds: decisionLogRetryDelaySeconds(Infinity) });
    }
  }
  if (valid.length > 1) {
    try {
      await recordDecisions(
        ports.db,
        valid.flatMap(({ rows }) => rows.decisions),
        valid.flatMap(({ rows }) => rows.labels),
      );
      for (const { message } of valid) message.ack();
      return;
    } catch (error) {
      console.error(`decision log: writing a batch of ${valid.length} messages failed; writing them one by one`, error);
    }
  }
  await Promise.all(
    valid.map(async ({ message, rows }) => {
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

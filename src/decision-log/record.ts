import type { Ports } from "../ports.ts";
import { recordDecisions, type DecisionRow } from "../storage/decisions.ts";
import type { ExampleRow } from "../storage/examples.ts";
import { decisionWriteDelayMs } from "../time/backoff.ts";
import { writeDecisionPoints } from "./analytics.ts";
import { sendDecisionRows } from "./messages.ts";

/** Writes to D1 tried within a request before the rows go to the queue: about half a second in all. */
export const DECISION_WRITE_ATTEMPTS = 3;

/** Where the rows went: D1 now, or the decision-log queue, whose consumer writes them later. */
export type DecisionLogOutcome = "recorded" | "queued";

/** Neither D1 nor the queue took the rows: no answer may be returned for them. */
export class DecisionLogUnavailable extends Error {
  override name = "DecisionLogUnavailable";
}

/**
 * Makes a request's decisions durable before its answer leaves. By default D1 is tried with
 * backoff; if it keeps failing, the rows (built with their ids, so the answer can name them) are
 * sent to the decision-log queue, the send awaited. With `DECISION_LOG=queue` the queue comes
 * first and D1 is the fallback. Throws DecisionLogUnavailable only when both fail. Once the rows
 * are durable, each also goes to Analytics Engine when that binding exists (./analytics.ts).
 */
export async function logDecisions(ports: Ports, decisions: readonly DecisionRow[], labels: readonly ExampleRow[] = []): Promise<DecisionLogOutcome> {
  const outcome = await durablyLogged(ports, decisions, labels);
  writeDecisionPoints(ports.analytics, decisions);
  return outcome;
}

async function durablyLogged(ports: Ports, decisions: readonly DecisionRow[], labels: readonly ExampleRow[]): Promise<DecisionLogOutcome> {
  if (ports.config.DECISION_LOG === "queue") {
    try {
      await sendDecisionRows(ports.decisionLog, decisions, labels);
      return "queued";
    } catch (error) {
      console.error("decision log: the queue failed; writing to D1", error);
      const d1Error = await writeToD1(ports, decisions, labels);
      if (d1Error === null) return "recorded";
      throw new DecisionLogUnavailable("The decision log is unavailable (its queue and D1 failed); nothing was answered", { cause: [error, d1Error] });
    }
  }
  const d1Error = await writeToD1(ports, decisions, labels);
  if (d1Error === null) return "recorded";
  try {
    const messages = await sendDecisionRows(ports.decisionLog, decisions, labels);
    console.warn(`decision log: ${decisions.length} decision(s) queued in ${messages} message(s) after D1 failed`);
    return "queued";
  } catch (error) {
    console.error("decision log: the queue failed too", error);
    throw new DecisionLogUnavailable("The decision log is unavailable (D1 and its queue failed); nothing was answered", { cause: [d1Error, error] });
  }
}

/** D1 with backoff; the last error when every attempt failed, else null. */
async function writeToD1(ports: Ports, decisions: readonly DecisionRow[], labels: readonly ExampleRow[]): Promise<unknown> {
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= DECISION_WRITE_ATTEMPTS; attempt++) {
    try {
      await recordDecisions(ports.db, decisions, labels);
      return null;
    } catch (error) {
      lastError = error;
      console.error(`decision log: D1 write ${attempt}/${DECISION_WRITE_ATTEMPTS} failed`, error);
      if (attempt < DECISION_WRITE_ATTEMPTS) await ports.clock.sleep(decisionWriteDelayMs(attempt));
    }
  }
  return lastError ?? new Error("D1 write failed");
}

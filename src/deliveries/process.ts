import { secondsToUtcMidnight } from "../budget/day.ts";
import { decisionJson, type DecisionJson } from "../decision-log/decision-json.ts";
import { classifyTexts } from "../pipeline/classify.ts";
import { summarizeTexts } from "../pipeline/summarize.ts";
import type { Ports } from "../ports.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import { deliveryDecisions, ensureOutputs, findDelivery } from "../storage/deliveries.ts";
import { findIntegrationById, openSecrets } from "../storage/integrations.ts";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import { sendDeliveryMessages, type OutputMessage, type ProcessMessage } from "./messages.ts";
import type { DeliveryResult } from "./result.ts";
import { plannedOutputs } from "./senders.ts";
import { moveDelivery } from "./status.ts";

/** A failure that no retry can fix (a deleted task): the delivery is marked failed at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/**
 * A cascade that no tier could answer: worth retrying later, like a failed request. When the
 * daily budget is what skipped the remote tiers, `retryAfterSeconds` is the time to the next UTC
 * midnight: retrying sooner could only fail the same way (and log another failed decision).
 */
export class DeliveryRetryError extends Error {
  override name = "DeliveryRetryError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** Deliveries deferred by a spent budget retry within this many seconds after UTC midnight. */
const MIDNIGHT_SPREAD_SECONDS = 600;

/** The integration's task: a task of another project is treated like a deleted one. */
async function requireTask(ports: Ports, projectId: string, id: string, kind: TaskRow["kind"]): Promise<TaskRow> {
  const task = await findTask(ports.db, projectId, id);
  if (!task) throw new PermanentDeliveryError(`The ${kind} task ${id} no longer exists`);
  if (task.kind !== kind) throw new PermanentDeliveryError(`Task ${task.name} is not a ${kind} task`);
  return task;
}

/**
 * Runs a delivery's text through its classification and/or summarization task, records the
 * decisions linked to the delivery, then queues its outputs. Safe to run again: decisions
 * already recorded for the delivery (a redelivered message) are reused, not made twice.
 */
export async function processDelivery(ports: Ports, message: ProcessMessage): Promise<string> {
  const { db, clock } = ports;
  const delivery = await findDelivery(db, message.delivery_id);
  if (!delivery) return "the delivery no longer exists";
  if (delivery.status === "processed" || delivery.status === "failed") return `already ${delivery.status}`;
  const integration = await findIntegrationById(db, message.integration_id);
  if (!integration) return "the integration was deleted";
  const { events } = integration.settings;
  const route = Object.hasOwn(events, message.event) ? events[message.event] : Object.hasOwn(events, "*") ? events["*"] : undefined;
  if (!route) throw new PermanentDeliveryError(`No task is mapped to ${message.event} any more`);

  await moveDelivery(db, delivery.id, "processing", { attempts: delivery.attempts + 1 }, clock.now());
  const recorded = await deliveryDecisions(db, [delivery.id]);
  const request = {
    texts: [message.text],
    requestId: `dlv:${delivery.id}`,
    origin: { projectId: integration.projectId, keyId: null },
    source: "webhook" as const,
    deliveryId: delivery.id,
  };

  /** The delivery's decision of one kind: the one already recorded (a redelivery), or a new one. */
  const decide = async (kind: DecisionRow["kind"], taskId: string | undefined): Promise<DecisionJson | null> => {
    if (!taskId) return null;
    // A summary whose text the task does not keep cannot be re-sent from the log; outputs then omit it.
    const previous = recorded.find((row) => row.kind === kind && row.status !== "failed");
    if (previous) return decisionJson(previous);
    const task = await requireTask(ports, integration.projectId, taskId, kind);
    const [answer] = kind === "classify" ? await classifyTexts(ports, { ...request, task }) : await summarizeTexts(ports, { ...request, task });
    return decisionJson(answer.row, answer.decision.output);
  };
  const result: DeliveryResult = {
    event: message.event,
    classification: await decide("classify", route.classify_task_id),
    summary: await decide("summarize", route.summarize_task_id),
  };
  const failedDecision = [result.classification, result.summary].find((decision): decision is DecisionJson => decision?.status === "failed");
  if (failedDecision?.error?.code === "budget_exhausted") {
    // Spread over the minutes after midnight, so that a day's deferred deliveries do not all
    // reach the large model (and the new day's budget) in the same second.
    const wait = secondsToUtcMidnight(clock.now()) + Math.floor(Math.random() * MIDNIGHT_SPREAD_SECONDS);
    throw new DeliveryRetryError(`The daily budget is spent and no edge answer exists (decision ${failedDecision.decision_id}); retrying after the next UTC midnight`, wait);
  }
  if (failedDecision) throw new DeliveryRetryError(`No tier could answer (decision ${failedDecision.decision_id})`);

  const secrets = await openSecrets(ports.config.sealingKeys, integration);
  const kinds = plannedOutputs(integration.kind, integration.settings, secrets, message.target, result);
  const outputs = await ensureOutputs(db, delivery.id, kinds, clock.now());
  const pending = outputs.filter((output) => output.status === "pending" || output.status === "retrying");
  await sendDeliveryMessages(
    ports.deliveries,
    pending.map((output): OutputMessage => ({
      type: "webhook.output",
      delivery_id: delivery.id,
      integration_id: integration.id,
      output: output.kind,
      target: message.target,
      result,
    })),
  );
  await moveDelivery(db, delivery.id, "processed", { error: null, processedAt: clock.now() }, clock.now());
  return `processed with ${kinds.length} output(s)`;
}

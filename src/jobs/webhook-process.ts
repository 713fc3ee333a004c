import type { Decision } from "../cascade/types.ts";
import { plannedOutputs, type DeliveryResult, type ResultDecision } from "../integrations/delivery-result.ts";
import { classifyTexts } from "../pipeline/classify.ts";
import type { PipelineDeps } from "../pipeline/deps.ts";
import { summarizeTexts } from "../pipeline/summarize.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import { deliveryDecisions, ensureOutputs, findDelivery, updateDelivery } from "../storage/deliveries.ts";
import { findIntegration, openSecrets } from "../storage/integrations.ts";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import type { OutputMessage, ProcessMessage } from "./webhook-messages.ts";

/** A failure that no retry can fix (a deleted task): the delivery is marked failed at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/** A cascade that no tier could answer: worth retrying later, like a failed request. */
export class DeliveryRetryError extends Error {
  override name = "DeliveryRetryError";
}

function fromDecision(decisionId: string, taskId: string, decision: Decision<string>): ResultDecision {
  return { decision_id: decisionId, task_id: taskId, output: decision.output, confidence: decision.confidence, tier: decision.tier, status: decision.status };
}

function fromRow(row: DecisionRow): ResultDecision {
  return { decision_id: row.id, task_id: row.taskId, output: row.output, confidence: row.confidence, tier: row.tier, status: row.status };
}

async function requireTask(deps: PipelineDeps, id: string, kind: TaskRow["kind"]): Promise<TaskRow> {
  const task = await findTask(deps.db, id);
  if (!task) throw new PermanentDeliveryError(`The ${kind} task ${id} no longer exists`);
  if (task.kind !== kind) throw new PermanentDeliveryError(`Task ${task.name} is not a ${kind} task`);
  return task;
}

/**
 * Runs a delivery's text through its classification and/or summarization task, records the
 * decisions linked to the delivery, then queues its outputs. Safe to run again: decisions
 * already recorded for the delivery (a redelivered message) are reused, not made twice.
 */
export async function processDelivery(deps: PipelineDeps, queue: Queue<unknown>, message: ProcessMessage): Promise<string> {
  const delivery = await findDelivery(deps.db, message.delivery_id);
  if (!delivery) return "the delivery no longer exists";
  if (delivery.status === "processed" || delivery.status === "failed") return `already ${delivery.status}`;
  const integration = await findIntegration(deps.db, message.integration_id);
  if (!integration) return "the integration was deleted";
  const route = integration.settings.events[message.event] ?? integration.settings.events["*"];
  if (!route) throw new PermanentDeliveryError(`No task is mapped to ${message.event} any more`);

  await updateDelivery(deps.db, delivery.id, { status: "processing", attempts: delivery.attempts + 1 });
  const recorded = await deliveryDecisions(deps.db, [delivery.id]);
  const reusable = (kind: DecisionRow["kind"]) => recorded.find((row) => row.kind === kind && row.status !== "failed");
  const request = { texts: [message.text], requestId: `dlv:${delivery.id}`, source: "webhook" as const, deliveryId: delivery.id };

  const result: DeliveryResult = { event: message.event, classification: null, summary: null };
  if (route.classify_task_id) {
    const previous = reusable("classify");
    if (previous) result.classification = fromRow(previous);
    else {
      const task = await requireTask(deps, route.classify_task_id, "classify");
      const [answer] = await classifyTexts(deps, { ...request, task });
      result.classification = fromDecision(answer.decisionId, task.id, answer.decision);
    }
  }
  if (route.summarize_task_id) {
    const previous = reusable("summarize");
    // A summary whose text the task does not keep cannot be re-sent from the log; outputs then omit it.
    if (previous) result.summary = fromRow(previous);
    else {
      const task = await requireTask(deps, route.summarize_task_id, "summarize");
      const [answer] = await summarizeTexts(deps, { ...request, task });
      result.summary = fromDecision(answer.decisionId, task.id, answer.decision);
    }
  }
  const failedDecision = [result.classification, result.summary].find((decision) => decision?.status === "failed");
  if (failedDecision) throw new DeliveryRetryError(`No tier could answer (decision ${failedDecision.decision_id})`);

  const secrets = await openSecrets(deps.config.DECISION_HASH_KEY, integration);
  const kinds = plannedOutputs(integration.settings, secrets, message.target, result);
  const outputs = await ensureOutputs(deps.db, delivery.id, kinds);
  const pending = outputs.filter((output) => output.status === "pending" || output.status === "retrying");
  if (pending.length > 0) {
    await queue.sendBatch(
      pending.map((output): { body: OutputMessage } => ({
        body: { type: "webhook.output", delivery_id: delivery.id, integration_id: integration.id, output: output.kind, target: message.target, result },
      })),
    );
  }
  await updateDelivery(deps.db, delivery.id, { status: "processed", error: null, processedAt: deps.clock.now() });
  return `processed with ${kinds.length} output(s)`;
}

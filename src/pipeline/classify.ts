import { budgetGuard } from "../budget/guard.ts";
import { runCascade } from "../cascade/run.ts";
import type { Decision } from "../cascade/types.ts";
import { learnFromAnswers } from "../learning/follow-up.ts";
import { capturedLabels } from "../learning/label-capture.ts";
import { settingsOf } from "../learning/task-settings.ts";
import type { Ports } from "../ports.ts";
import { logDecisions } from "../decision-log/record.ts";
import type { DecisionRow } from "../storage/decisions.ts";
import { exampleRows } from "../storage/examples.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { taskCascade } from "../tiers/build.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { decisionRow, type RequestOrigin } from "./decision-record.ts";

/** How many texts of a batch may wait on a remote model at once (Workers AI allows 300 a minute). */
const REMOTE_CONCURRENCY = 8;

export interface ClassifyRequest {
  task: TaskRow;
  texts: readonly string[];
  requestId: string;
  /** Who asked: the decisions belong to this project and record this key (null for webhooks). */
  origin: RequestOrigin;
  source: DecisionRow["source"];
  deliveryId?: string | null;
}

export interface ClassifiedText {
  decision: Decision<string>;
  /** The recorded row: what `decisionJson` shows. */
  row: DecisionRow;
}

/**
 * Classifies each text through the task's cascade and records one decision row per text.
 * Returns only after D1 holds the rows, so an answer is never sent for an unrecorded decision.
 */
export async function classifyTexts(ports: Ports, request: ClassifyRequest): Promise<ClassifiedText[]> {
  const settings = settingsOf(request.task);
  const budget = await budgetGuard(ports, { projectId: request.origin.projectId, taskId: request.task.id, taskCapUsd: settings.dailyBudgetUsd });
  const cascade = await taskCascade(ports, "classify", request.task, budget);
  const decisions = await mapWithConcurrency(request.texts, REMOTE_CONCURRENCY, (text) => runCascade(cascade.tiers({ text }), ports.clock));
  const now = ports.clock.now();
  const context = {
    requestId: request.requestId,
    projectId: request.origin.projectId,
    keyId: request.origin.keyId,
    metadata: request.origin.metadata,
    taskId: request.task.id,
    kind: "classify" as const,
    source: request.source,
    deliveryId: request.deliveryId,
    hashKeys: ports.config.hashKeys,
    inputHash: cascade.inputHash,
    now,
  };
  const rows = await Promise.all(request.texts.map((text, i) => decisionRow(context, text, decisions[i], true, cascade.largeOnly({ text }, decisions[i]))));
  const ids = rows.map((row) => row.id);
  const labels = settings.keepText ? capturedLabels(request.texts, decisions, ids) : [];
  // The large model's labels are written with the decisions: both or neither.
  await logDecisions(ports, rows, exampleRows(request.task.id, labels, "large_model", now));
  await learnFromAnswers(ports, request.task, { texts: request.texts, decisions, decisionIds: ids, newLabels: labels.length });
  await cascade.remember(request.texts.map((text, i) => ({ text, decision: decisions[i], decisionId: ids[i] })));
  return rows.map((row, i) => ({ row, decision: decisions[i] }));
}

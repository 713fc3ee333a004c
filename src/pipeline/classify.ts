import { runCascade } from "../cascade/run.ts";
import type { Decision } from "../cascade/types.ts";
import type { JobMessage } from "../jobs/messages.ts";
import { recordDecisions } from "../storage/decisions.ts";
import { exampleInserts } from "../storage/examples.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { activeModel } from "./active-model.ts";
import { classificationTiers, type ClassificationSetup } from "./classification-tiers.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { decisionRow } from "./decision-record.ts";
import type { PipelineDeps } from "./deps.ts";
import { capturedLabels, shadowSample } from "./label-capture.ts";
import { retrainIfDue } from "./retrain.ts";
import { settingsOf } from "./task-settings.ts";

/** How many texts of a batch may wait on a remote model at once (Workers AI allows 300 a minute). */
const REMOTE_CONCURRENCY = 8;

export interface ClassifyRequest {
  task: TaskRow;
  texts: readonly string[];
  requestId: string;
  source: "api" | "webhook";
  deliveryId?: string | null;
}

export interface ClassifiedText {
  decisionId: string;
  decision: Decision<string>;
}

/**
 * Classifies each text through the task's cascade and records one decision row per text.
 * Returns only after D1 holds the rows, so an answer is never sent for an unrecorded decision.
 */
export async function classifyTexts(deps: PipelineDeps, request: ClassifyRequest): Promise<ClassifiedText[]> {
  const setup = await classificationSetup(deps, request.task);
  const decisions = await mapWithConcurrency(request.texts, REMOTE_CONCURRENCY, (text) =>
    runCascade(classificationTiers(deps, setup, text), deps.clock),
  );
  const now = deps.clock.now();
  const context = {
    requestId: request.requestId,
    taskId: request.task.id,
    kind: "classify" as const,
    source: request.source,
    deliveryId: request.deliveryId,
    hashKey: deps.config.DECISION_HASH_KEY,
    now,
  };
  const rows = await Promise.all(request.texts.map((text, i) => decisionRow(context, text, decisions[i], true)));
  const settings = settingsOf(request.task);
  const labels = settings.keepText ? capturedLabels(request.texts, decisions, rows.map((row) => row.id)) : [];
  // The large model's labels are written with the decisions: both or neither.
  await recordDecisions(deps.db, rows, exampleInserts(deps.db, request.task.id, labels, "large_model", now));
  await afterRecording(deps, request, decisions, rows.map((row) => row.id), labels.length);
  return rows.map((row, i) => ({ decisionId: row.id, decision: decisions[i] }));
}

/**
 * Learning work that may follow an answer: a retrain when enough labels are new, and shadow
 * checks of a sample of edge answers. Queued, never run in the request; a failure here does
 * not fail the request, whose decisions are already recorded.
 */
async function afterRecording(deps: PipelineDeps, request: ClassifyRequest, decisions: Decision<string>[], decisionIds: string[], newLabels: number) {
  const { task } = request;
  try {
    if (newLabels > 0) await retrainIfDue(deps, task);
    const sampled = shadowSample(decisions, settingsOf(task).shadowRate);
    if (sampled.length > 0) {
      const jobs: MessageSendRequest<JobMessage>[] = sampled.map((i) => ({
        body: {
          type: "shadow",
          task_id: task.id,
          decision_id: decisionIds[i],
          text: request.texts[i],
          edge_label: decisions[i].output!,
          edge_confidence: decisions[i].confidence!,
        },
      }));
      await deps.env.JOBS.sendBatch(jobs);
    }
  } catch (error) {
    console.error(`learning follow-up for task ${task.id} failed`, error);
  }
}

async function classificationSetup(deps: PipelineDeps, task: TaskRow): Promise<ClassificationSetup> {
  const model = await activeModel(deps, task);
  return {
    labels: task.labels,
    instructions: task.description ?? undefined,
    tierSpecs: (task.tiers as ClassificationSetup["tierSpecs"]) ?? null,
    edgeModel: model?.classifier ?? null,
    edgeModelId: model?.version.id ?? null,
    edgeThreshold: edgeThreshold(deps, task, model?.version.threshold ?? null),
    edgeLoadError: model?.loadError ?? null,
  };
}

/**
 * The edge tier's threshold: the task's own, or the active version's calibrated one (raised
 * by drift, if live agreement fell), or the environment's default.
 */
function edgeThreshold(deps: PipelineDeps, task: TaskRow, versionThreshold: number | null): number {
  if (task.threshold !== null) return task.threshold;
  return Math.max(versionThreshold ?? deps.config.DEFAULT_THRESHOLD, task.driftThreshold ?? 0);
}

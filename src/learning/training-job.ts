import { evaluateCandidate } from "../learn/candidate.ts";
import { assembleTrainingSet } from "../learn/training-set.ts";
import type { Ports } from "../ports.ts";
import { runBatch } from "../storage/batch.ts";
import { loadExamples } from "../storage/examples.ts";
import { learningEventInsert } from "../storage/learning-events.ts";
import { artifactKey } from "../storage/model-artifacts.ts";
import { findModelVersion, modelVersionUpdate, updateModelVersion } from "../storage/model-versions.ts";
import { findTask, taskUpdate } from "../storage/tasks.ts";
import { settingsOf } from "./task-settings.ts";

export interface TrainingOutcome {
  status: "promoted" | "rejected" | "failed" | "skipped";
  reason: string;
}

type TrainingPorts = Pick<Ports, "db" | "artifacts" | "clock">;

/**
 * Trains a queued model version from the task's labels, judges it against the active model
 * on the newest labels, stores its weights and promotes it if it is not worse. Idempotent: a
 * version that is already ready or failed is left alone, so a redelivered message does no harm.
 */
export async function trainModelVersion(ports: TrainingPorts, modelId: string): Promise<TrainingOutcome> {
  const { db, artifacts, clock } = ports;
  const version = await findModelVersion(db, modelId);
  if (!version) return { status: "skipped", reason: `no model version ${modelId}` };
  if (version.status === "ready" || version.status === "failed") return { status: "skipped", reason: `already ${version.status}` };
  const task = await findTask(db, version.taskId);
  if (!task) return { status: "skipped", reason: "the task was deleted" };

  await updateModelVersion(db, version.id, { status: "training", startedAt: clock.now() });
  const records = await loadExamples(db, task.id);
  const examples = assembleTrainingSet(records, new Set(task.labels.map((label) => label.name)));
  if (new Set(examples.map((example) => example.label)).size < 2) {
    const error = "Training needs examples of at least two of the task's labels";
    await updateModelVersion(db, version.id, { status: "failed", error, finishedAt: clock.now(), trainingExamples: examples.length });
    return { status: "failed", reason: error };
  }

  const activeVersion = task.activeModelId ? await findModelVersion(db, task.activeModelId) : undefined;
  const active = activeVersion?.artifactKey ? await artifacts.load(activeVersion.artifactKey) : null;
  const settings = settingsOf(task);
  const report = evaluateCandidate({
    examples,
    active,
    target: { accuracy: task.targetAccuracy, maxFallbackRate: settings.maxFallbackRate, noneLabel: settings.noneLabel },
    seed: version.seed,
  });
  const key = artifactKey(task.id, version.id);
  const bytes = await artifacts.save(key, report.model);
  const finishedAt = clock.now();
  const promoted = report.verdict === "promoted";
  await runBatch(db, [
    modelVersionUpdate(db, version.id, {
      status: "ready",
      artifactKey: key,
      artifactBytes: bytes,
      trainingExamples: examples.length,
      metrics: report.metrics,
      threshold: report.threshold,
      verdict: report.verdict,
      verdictReason: report.reason,
      finishedAt,
    }),
    ...(promoted ? [taskUpdate(db, task.id, { activeModelId: version.id, driftThreshold: null }, finishedAt)] : []),
    learningEventInsert(db, task.id, report.verdict, { model_id: version.id, version: version.version, reason: report.reason, threshold: report.threshold, ...report.metrics }, finishedAt),
  ]);
  return { status: report.verdict, reason: report.reason };
}

import { eq } from "drizzle-orm";
import { modelVersions, tasks } from "../../schema/index.ts";
import { evaluateCandidate } from "../learn/candidate.ts";
import { assembleTrainingSet } from "../learn/training-set.ts";
import { settingsOf } from "../pipeline/task-settings.ts";
import { runBatch } from "../storage/batch.ts";
import type { Database } from "../storage/database.ts";
import { loadExamples } from "../storage/examples.ts";
import { learningEventInsert } from "../storage/learning-events.ts";
import { artifactKey, loadClassifier, saveClassifier } from "../storage/model-artifacts.ts";
import { findModelVersion, updateModelVersion } from "../storage/model-versions.ts";
import { findTask } from "../storage/tasks.ts";

export interface TrainingOutcome {
  status: "promoted" | "rejected" | "failed" | "skipped";
  reason: string;
}

/**
 * Trains a queued model version from the task's labels, judges it against the active model
 * on the newest labels, stores its weights in KV and promotes it if it is not worse.
 * Idempotent: a version that is already ready or failed is left alone, so a redelivered
 * message does no harm.
 */
export async function trainModelVersion(db: Database, kv: KVNamespace, modelId: string, now = Date.now): Promise<TrainingOutcome> {
  const version = await findModelVersion(db, modelId);
  if (!version) return { status: "skipped", reason: `no model version ${modelId}` };
  if (version.status === "ready" || version.status === "failed") return { status: "skipped", reason: `already ${version.status}` };
  const task = await findTask(db, version.taskId);
  if (!task) return { status: "skipped", reason: "the task was deleted" };

  await updateModelVersion(db, version.id, { status: "training", startedAt: now() });
  const records = await loadExamples(db, task.id);
  const examples = assembleTrainingSet(records, new Set(task.labels.map((label) => label.name)));
  if (new Set(examples.map((example) => example.label)).size < 2) {
    const error = "Training needs examples of at least two of the task's labels";
    await updateModelVersion(db, version.id, { status: "failed", error, finishedAt: now(), trainingExamples: examples.length });
    return { status: "failed", reason: error };
  }

  const activeVersion = task.activeModelId ? await findModelVersion(db, task.activeModelId) : undefined;
  const active = activeVersion?.artifactKey ? await loadClassifier(kv, activeVersion.artifactKey) : null;
  const report = evaluateCandidate({
    examples,
    active,
    target: { accuracy: task.targetAccuracy, maxFallbackRate: settingsOf(task).maxFallbackRate, noneLabel: settingsOf(task).noneLabel },
    seed: version.seed,
  });
  const key = artifactKey(task.id, version.id);
  const bytes = await saveClassifier(kv, key, report.model);
  const finishedAt = now();
  const promoted = report.verdict === "promoted";
  await runBatch(db, [
    db
      .update(modelVersions)
      .set({
        status: "ready",
        artifactKey: key,
        artifactBytes: bytes,
        trainingExamples: examples.length,
        metrics: report.metrics,
        threshold: report.threshold,
        verdict: report.verdict,
        verdictReason: report.reason,
        finishedAt,
      })
      .where(eq(modelVersions.id, version.id)),
    ...(promoted ? [db.update(tasks).set({ activeModelId: version.id, driftThreshold: null, updatedAt: finishedAt }).where(eq(tasks.id, task.id))] : []),
    learningEventInsert(db, task.id, report.verdict, { model_id: version.id, version: version.version, reason: report.reason, threshold: report.threshold, ...report.metrics }, finishedAt),
  ]);
  return { status: report.verdict, reason: report.reason };
}

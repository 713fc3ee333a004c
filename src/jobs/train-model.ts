import { eq } from "drizzle-orm";
import { tasks } from "../../schema/index.ts";
import { chooseThreshold } from "../learn/threshold-choice.ts";
import { trainClassifier } from "../learn/train.ts";
import { loadExamples } from "../storage/examples.ts";
import type { Database } from "../storage/database.ts";
import { artifactKey, saveClassifier } from "../storage/model-artifacts.ts";
import { findModelVersion, updateModelVersion } from "../storage/model-versions.ts";
import { findTask } from "../storage/tasks.ts";

export interface TrainingOutcome {
  status: "ready" | "failed" | "skipped";
  reason: string;
}

/**
 * Trains a queued model version from the task's examples, stores its weights in KV and makes
 * it the task's active version. Idempotent: a version that is already ready or failed is left
 * alone, so a redelivered message does no harm.
 */
export async function trainModelVersion(db: Database, kv: KVNamespace, modelId: string, now = Date.now): Promise<TrainingOutcome> {
  const version = await findModelVersion(db, modelId);
  if (!version) return { status: "skipped", reason: `no model version ${modelId}` };
  if (version.status === "ready" || version.status === "failed") return { status: "skipped", reason: `already ${version.status}` };
  const task = await findTask(db, version.taskId);
  if (!task) return { status: "skipped", reason: "the task was deleted" };

  await updateModelVersion(db, version.id, { status: "training", startedAt: now() });
  const labelled = await loadExamples(db, task.id);
  const known = new Set(task.labels.map((label) => label.name));
  const examples = labelled.filter((example) => known.has(example.label));
  if (new Set(examples.map((example) => example.label)).size < 2) {
    const error = "Training needs examples of at least two of the task's labels";
    await updateModelVersion(db, version.id, { status: "failed", error, finishedAt: now(), trainingExamples: examples.length });
    return { status: "failed", reason: error };
  }

  const report = trainClassifier(examples, { seed: version.seed });
  const key = artifactKey(task.id, version.id);
  const bytes = await saveClassifier(kv, key, report.model);
  const choice = task.targetAccuracy
    ? chooseThreshold(report.holdout.map((p) => ({ confidence: p.confidence, correct: p.label === p.gold })), task.targetAccuracy)
    : null;
  await updateModelVersion(db, version.id, {
    status: "ready",
    artifactKey: key,
    artifactBytes: bytes,
    trainingExamples: examples.length,
    metrics: { ...report.metrics, ...(choice && { target_accuracy: task.targetAccuracy, holdout_edge_share: choice.edgeShare }) },
    // With a target and no threshold that meets it, the edge should never answer alone.
    threshold: task.targetAccuracy ? (choice?.threshold ?? 1.01) : null,
    finishedAt: now(),
  });
  await db.update(tasks).set({ activeModelId: version.id, updatedAt: now() }).where(eq(tasks.id, task.id));
  return { status: "ready", reason: `trained on ${examples.length} examples` };
}

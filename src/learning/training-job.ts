import { evaluateCandidate } from "../learn/candidate.ts";
import { assembleTrainingSet } from "../learn/training-set.ts";
import type { Ports } from "../ports.ts";
import { runBatch } from "../storage/batch.ts";
import { loadExamples } from "../storage/examples.ts";
import { learningEventInsertIf } from "../storage/learning-events.ts";
import { artifactKey } from "../storage/model-artifacts.ts";
import { claimVersionForTraining, findModelVersion, finishedByThisAttempt, holdsTrainingLease, modelVersionFinish, releaseTrainingLease, type ModelVersionRow } from "../storage/model-versions.ts";
import { findTaskById, taskUpdate } from "../storage/tasks.ts";
import { settingsOf } from "./task-settings.ts";

export type TrainingOutcome =
  | { status: "promoted" | "rejected" | "failed" | "skipped"; reason: string }
  /** Another delivery of the job holds a live lease on the version: try again once it lapses. */
  | { status: "leased"; reason: string; retryInMs: number };

type TrainingPorts = Pick<Ports, "db" | "artifacts" | "clock">;

/**
 * Trains a queued model version from the task's labels, judges it against the active model
 * on the newest labels, stores its weights and promotes it if it is not worse. Idempotent: a
 * version that is already ready or failed is left alone, so a redelivered message does no harm.
 * An attempt first claims the version with a lease (storage/model-versions.ts): while another
 * attempt's lease is live nothing is trained (`leased`), and an attempt that died mid-way is
 * taken over once its lease lapses. An attempt writes its outcome only while it holds its lease.
 */
export async function trainModelVersion(ports: TrainingPorts, modelId: string): Promise<TrainingOutcome> {
  const { db, clock } = ports;
  const now = clock.now();
  const version = await claimVersionForTraining(db, modelId, now);
  if (!version) {
    const current = await findModelVersion(db, modelId);
    if (!current) return { status: "skipped", reason: `no model version ${modelId}` };
    if (current.status === "ready" || current.status === "failed") return { status: "skipped", reason: `already ${current.status}` };
    const retryInMs = Math.max(0, (current.leaseExpiresAt ?? now) - now);
    return { status: "leased", reason: `another attempt holds the version for ${Math.ceil(retryInMs / 1000)} s more`, retryInMs };
  }
  const lease = version.leaseExpiresAt!;
  try {
    return await train(ports, version, lease);
  } catch (error) {
    await releaseTrainingLease(db, version.id, lease, clock.now()).catch((release) => console.error("could not release the training lease", version.id, release));
    throw error;
  }
}

async function train(ports: TrainingPorts, version: ModelVersionRow, lease: number): Promise<TrainingOutcome> {
  const { db, artifacts, clock } = ports;
  const task = await findTaskById(db, version.taskId);
  if (!task) return { status: "skipped", reason: "the task was deleted" };

  const records = await loadExamples(db, task.id);
  const examples = assembleTrainingSet(records, new Set(task.labels.map((label) => label.name)));
  if (new Set(examples.map((example) => example.label)).size < 2) {
    const error = "Training needs examples of at least two of the task's labels";
    await modelVersionFinish(db, version.id, lease, { status: "failed", error, finishedAt: clock.now(), trainingExamples: examples.length });
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
  // An attempt that outlived its lease was taken over: the attempt that holds it records the outcome.
  if (!(await holdsTrainingLease(db, version.id, lease))) return { status: "skipped", reason: "the lease lapsed and another attempt took the version over" };
  const finishedAt = clock.now();
  const promoted = report.verdict === "promoted";
  await runBatch(db, [
    modelVersionFinish(db, version.id, lease, {
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
    // Only if the version update above took effect: a lease lost since the check writes nothing.
    ...(promoted ? [taskUpdate(db, task.id, { activeModelId: version.id, driftThreshold: null }, finishedAt, finishedByThisAttempt(version.id, finishedAt))] : []),
    learningEventInsertIf(
      db,
      task.id,
      report.verdict,
      { model_id: version.id, version: version.version, reason: report.reason, threshold: report.threshold, ...report.metrics },
      finishedAt,
      finishedByThisAttempt(version.id, finishedAt),
    ),
  ]);
  return { status: report.verdict, reason: report.reason };
}

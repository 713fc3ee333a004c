import type { JobMessage } from "../jobs/messages.ts";
import { shouldRetrain } from "../learn/retrain-policy.ts";
import { countExamples } from "../storage/examples.ts";
import { recordLearningEvent } from "../storage/learning-events.ts";
import { latestModelVersion, queueVersion, updateModelVersion, type ModelVersionRow } from "../storage/model-versions.ts";
import type { TaskRow } from "../storage/tasks.ts";
import type { PipelineDeps } from "./deps.ts";
import { settingsOf } from "./task-settings.ts";

/** Every version trains with this seed, so the same examples give the same model. */
export const TRAINING_SEED = 42;

export type RetrainTrigger = ModelVersionRow["trigger"];

/**
 * Queues a training job for the task, or returns the one already in flight. The job goes to
 * the Queue before this returns; if it cannot be sent, the version is marked failed and the
 * error is thrown.
 */
export async function requestTraining(
  deps: PipelineDeps,
  task: TaskRow,
  trigger: RetrainTrigger,
  details: Record<string, unknown> = {},
): Promise<{ version: ModelVersionRow; created: boolean }> {
  const queued = await queueVersion(deps.db, task.id, TRAINING_SEED, trigger, deps.clock.now());
  if (!queued.created) return queued;
  const message: JobMessage = { type: "train", task_id: task.id, model_id: queued.version.id };
  try {
    await deps.env.JOBS.send(message);
  } catch (error) {
    await updateModelVersion(deps.db, queued.version.id, { status: "failed", error: "the training job could not be queued", finishedAt: deps.clock.now() });
    throw error;
  }
  await recordLearningEvent(deps.db, task.id, "retrain_scheduled", { trigger, model_id: queued.version.id, version: queued.version.version, ...details }, deps.clock.now());
  return queued;
}

/** After labels arrive: queues a retrain when the task's policy says enough are new. */
export async function retrainIfDue(deps: PipelineDeps, task: TaskRow): Promise<ModelVersionRow | null> {
  const settings = settingsOf(task);
  if (!settings.autoRetrain || task.kind !== "classify") return null;
  const [labels, latest] = await Promise.all([countExamples(deps.db, task.id), latestModelVersion(deps.db, task.id)]);
  if (latest && (latest.status === "queued" || latest.status === "training")) return null;
  const labelsAtLastVersion = latest?.trainingExamples ?? 0;
  if (!shouldRetrain(labels, labelsAtLastVersion, settings.retrainEvery)) return null;
  const { version, created } = await requestTraining(deps, task, "labels", { labels, labels_at_last_version: labelsAtLastVersion });
  return created ? version : null;
}

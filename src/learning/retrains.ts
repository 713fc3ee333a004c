import { shouldRetrain } from "../learn/retrain-policy.ts";
import type { Ports } from "../ports.ts";
import { countExamples } from "../storage/examples.ts";
import { recordLearningEvent } from "../storage/learning-events.ts";
import { latestModelVersion, queueVersion, updateModelVersion, type ModelVersionRow } from "../storage/model-versions.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { sendJobs } from "./job-messages.ts";
import { settingsOf } from "./task-settings.ts";

/** Every version trains with this seed, so the same examples give the same model. */
export const TRAINING_SEED = 42;

/** What asks for a new version: a person, new labels (requests, feedback, imports, shadow checks), the Cron schedule, or drift. */
export type RetrainTrigger = ModelVersionRow["trigger"];

type RetrainPorts = Pick<Ports, "db" | "clock" | "jobs">;

/**
 * The one retrain policy. A person (`manual`) and drift always get a version; new `labels` get
 * one when the task retrains by itself and enough are new (`retrain_every`, or growth by a
 * quarter); the `schedule` when the task asks for scheduled retrains and any label is new. At
 * most one version is queued or training at a time: then that one is returned, not created.
 * Null when the policy says not now.
 */
export async function requestRetrain(
  ports: RetrainPorts,
  task: TaskRow,
  trigger: RetrainTrigger,
  details: Record<string, unknown> = {},
): Promise<{ version: ModelVersionRow; created: boolean } | null> {
  if (task.kind !== "classify") return null;
  const settings = settingsOf(task);
  if (trigger === "labels" || trigger === "schedule") {
    if (trigger === "labels" ? !settings.autoRetrain : !settings.retrainOnSchedule) return null;
    const [labels, latest] = await Promise.all([countExamples(ports.db, task.id), latestModelVersion(ports.db, task.id)]);
    const labelsAtLastVersion = latest?.trainingExamples ?? 0;
    const due = trigger === "labels" ? shouldRetrain(labels, labelsAtLastVersion, settings.retrainEvery) : labels > labelsAtLastVersion;
    if (!due) return null;
    details = { ...details, labels, ...(trigger === "labels" && { labels_at_last_version: labelsAtLastVersion }) };
  }
  const queued = await queueTraining(ports, task, trigger, details);
  return queued.created || trigger === "manual" ? queued : null;
}

/**
 * Queues a training job for the task, or returns the one already in flight. The job goes to
 * the queue before this returns; if it cannot be sent, the version is marked failed and the
 * error is thrown.
 */
async function queueTraining(ports: RetrainPorts, task: TaskRow, trigger: RetrainTrigger, details: Record<string, unknown>) {
  const queued = await queueVersion(ports.db, task.id, TRAINING_SEED, trigger, ports.clock.now());
  if (!queued.created) return queued;
  try {
    await sendJobs(ports.jobs, [{ type: "train", task_id: task.id, model_id: queued.version.id }]);
  } catch (error) {
    await updateModelVersion(ports.db, queued.version.id, { status: "failed", error: "the training job could not be queued", finishedAt: ports.clock.now() });
    throw error;
  }
  const event = { trigger, model_id: queued.version.id, version: queued.version.version, ...details };
  await recordLearningEvent(ports.db, task.id, "retrain_scheduled", event, ports.clock.now());
  return queued;
}

import type { Ports } from "../ports.ts";
import { findModelVersion, updateModelVersion } from "../storage/model-versions.ts";
import { findTask } from "../storage/tasks.ts";
import { jobRetryDelaySeconds } from "../time/backoff.ts";
import { JOBS_DEAD_LETTER_QUEUE, jobMessageSchema, type JobMessage } from "./job-messages.ts";
import { requestRetrain } from "./retrains.ts";
import { runShadowCheck } from "./shadow-check.ts";
import { trainModelVersion } from "./training-job.ts";

/** `max_retries` of the jobs queue in wrangler.toml: a message is delivered at most this many times plus one. */
export const JOBS_MAX_RETRIES = 5;

/** Handles each message on its own: ack on success, retry with exponential backoff on failure. */
export async function consumeJobs(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  if (batch.queue === JOBS_DEAD_LETTER_QUEUE) return consumeDeadJobs(batch, ports);
  for (const message of batch.messages) {
    const job = jobOf(message);
    if (!job) continue;
    try {
      await runJob(job, ports);
      message.ack();
    } catch (error) {
      // `attempts` counts deliveries from 1; the queue gives up after the first and max_retries more.
      const finalAttempt = message.attempts > JOBS_MAX_RETRIES;
      console.error(`job ${job.type} failed (attempt ${message.attempts})`, error);
      if (finalAttempt && (await recordFinalFailure(job, ports, message.attempts, error))) message.ack();
      else message.retry({ delaySeconds: jobRetryDelaySeconds(message.attempts) });
    }
  }
}

/** The message's job; a malformed one is acked (retrying cannot fix it) and null. */
function jobOf(message: Message<unknown>): JobMessage | null {
  const parsed = jobMessageSchema.safeParse(message.body);
  if (parsed.success) return parsed.data;
  console.error("dropping a malformed job message", message.id, parsed.error.message);
  message.ack();
  return null;
}

async function runJob(job: JobMessage, ports: Ports): Promise<void> {
  switch (job.type) {
    case "train":
      await trainModelVersion(ports, job.model_id);
      return;
    case "shadow":
      await runShadowCheck(ports, job);
      return;
    case "retrain": {
      const task = await findTask(ports.db, job.task_id);
      if (task) await requestRetrain(ports, task, job.trigger);
      return;
    }
  }
}

/**
 * Jobs that exhausted the jobs queue's retries: a training job's version is marked failed with
 * the reason (unless it finished after all); shadow checks and retrain requests are logged. A
 * message is retried here only when recording fails.
 */
async function consumeDeadJobs(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  for (const message of batch.messages) {
    const job = jobOf(message);
    if (!job) continue;
    console.error(`job ${job.type} for task ${job.task_id} was dead-lettered`);
    if (job.type === "train" && !(await recordFinalFailure(job, ports, JOBS_MAX_RETRIES + 1, new Error("the job was dead-lettered: every attempt failed")))) {
      message.retry({ delaySeconds: 60 });
      continue;
    }
    message.ack();
  }
}

/** Marks the job's subject as failed; false when even that fails (the queue then dead-letters it). */
async function recordFinalFailure(job: JobMessage, ports: Ports, attempts: number, error: unknown): Promise<boolean> {
  // A shadow check that keeps failing is simply not made.
  if (job.type !== "train") return true;
  try {
    const version = await findModelVersion(ports.db, job.model_id);
    // A version that finished (or failed) meanwhile keeps its outcome.
    if (!version || version.status === "ready" || version.status === "failed") return true;
    await updateModelVersion(ports.db, job.model_id, {
      status: "failed",
      error: `gave up after ${attempts} attempts: ${(error as Error).message}`,
      finishedAt: ports.clock.now(),
    });
    return true;
  } catch {
    return false;
  }
}

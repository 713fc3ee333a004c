import type { Ports } from "../ports.ts";
import { failVersionUnlessLeased } from "../storage/model-versions.ts";
import { findTaskById } from "../storage/tasks.ts";
import { jobRetryDelaySeconds } from "../time/backoff.ts";
import { purgeExpiredDecisions } from "../decision-log/retention.ts";
import { JOBS_DEAD_LETTER_QUEUE, jobMessageSchema, PURGE_DECISIONS_JOB, sendJobs, type JobMessage } from "./job-messages.ts";
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
      const retryInMs = await runJob(job, ports);
      if (retryInMs === null) message.ack();
      // Another delivery of this training job holds the version: come back when its lease lapses.
      else message.retry({ delaySeconds: leaseRetrySeconds(retryInMs) });
    } catch (error) {
      // `attempts` counts deliveries from 1; the queue gives up after the first and max_retries more.
      const finalAttempt = message.attempts > JOBS_MAX_RETRIES;
      console.error(`job ${job.type} failed (attempt ${message.attempts})`, error);
      if (finalAttempt && (await recordFinalFailure(job, ports, message.attempts, error)) === true) message.ack();
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

/** Seconds until a live lease lapses, plus a little so the next delivery finds it lapsed. */
function leaseRetrySeconds(retryInMs: number): number {
  return Math.ceil(retryInMs / 1000) + 5;
}

/** Runs the job; null when it is done, or the milliseconds after which to deliver it again. */
async function runJob(job: JobMessage, ports: Ports): Promise<number | null> {
  switch (job.type) {
    case "train": {
      const outcome = await trainModelVersion(ports, job.model_id);
      return outcome.status === "leased" ? outcome.retryInMs : null;
    }
    case "shadow":
      await runShadowCheck(ports, job);
      return null;
    case "retrain": {
      const task = await findTaskById(ports.db, job.task_id);
      if (task) await requestRetrain(ports, task, job.trigger);
      return null;
    }
    case "purge_decisions": {
      const purged = await purgeExpiredDecisions(ports);
      if (purged.deleted > 0 || purged.archivedObjects > 0) console.log(`retention: ${purged.deleted} decision(s) deleted, ${purged.archivedObjects} archive object(s) written`);
      // A backlog continues in the next job, so no invocation runs more than its chunks.
      if (purged.more) await sendJobs(ports.jobs, [PURGE_DECISIONS_JOB]);
      return null;
    }
  }
}

/**
 * Jobs that exhausted the jobs queue's retries: a training job's version is marked failed with
 * the reason (unless it finished after all, or an attempt still holds a live lease on it: then
 * the message comes back once the lease lapses); shadow checks and retrain requests are logged.
 * A message is retried here only when recording fails or a lease is live.
 */
async function consumeDeadJobs(batch: MessageBatch<unknown>, ports: Ports): Promise<void> {
  for (const message of batch.messages) {
    const job = jobOf(message);
    if (!job) continue;
    console.error(`job ${job.type}${"task_id" in job ? ` for task ${job.task_id}` : ""} was dead-lettered`);
    const recorded = job.type === "train" ? await recordFinalFailure(job, ports, JOBS_MAX_RETRIES + 1, new Error("the job was dead-lettered: every attempt failed")) : true;
    if (recorded === true) message.ack();
    else message.retry({ delaySeconds: recorded === false ? 60 : leaseRetrySeconds(recorded) });
  }
}

/**
 * Marks the job's subject as failed: true when that is done (or there is nothing to mark), false
 * when even that fails, or the milliseconds an attempt's live lease has left (it is not failed
 * under a running attempt).
 */
async function recordFinalFailure(job: JobMessage, ports: Ports, attempts: number, error: unknown): Promise<true | false | number> {
  // A shadow check that keeps failing is simply not made.
  if (job.type !== "train") return true;
  try {
    const now = ports.clock.now();
    const { failed, version } = await failVersionUnlessLeased(ports.db, job.model_id, `gave up after ${attempts} attempts: ${(error as Error).message}`, now);
    // A version that finished (or failed) meanwhile keeps its outcome.
    if (failed || !version || version.status === "ready" || version.status === "failed") return true;
    return Math.max(0, (version.leaseExpiresAt ?? now) - now);
  } catch {
    return false;
  }
}

import type { Bindings } from "../env.ts";
import { database } from "../storage/database.ts";
import { updateModelVersion } from "../storage/model-versions.ts";
import { jobMessageSchema, type JobMessage } from "./messages.ts";
import { trainModelVersion } from "./train-model.ts";
import { runShadowCheck } from "./shadow-check.ts";
import { pipelineDepsFromEnv } from "../pipeline/deps.ts";

/** Must match `max_retries` of the jobs queue in wrangler.toml. */
export const MAX_JOB_ATTEMPTS = 5;

/** Handles each message on its own: ack on success, retry with exponential backoff on failure. */
export async function consumeJobs(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  for (const message of batch.messages) {
    const parsed = jobMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      console.error("dropping a malformed job message", message.id, parsed.error.message);
      message.ack();
      continue;
    }
    try {
      await runJob(parsed.data, env);
      message.ack();
    } catch (error) {
      const finalAttempt = message.attempts >= MAX_JOB_ATTEMPTS;
      console.error(`job ${parsed.data.type} failed (attempt ${message.attempts})`, error);
      if (finalAttempt && (await recordFinalFailure(parsed.data, env, error))) message.ack();
      else message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

/** Exponential backoff for a failed job: 10 s, 20 s, 40 s, ... capped at 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** attempts);
}

async function runJob(job: JobMessage, env: Bindings): Promise<void> {
  switch (job.type) {
    case "train":
      await trainModelVersion(database(env.DB), env.MODELS, job.model_id);
      return;
    case "shadow":
      await runShadowCheck(pipelineDepsFromEnv(env), job);
      return;
  }
}

/** Marks the job's subject as failed; false when even that fails (the queue then dead-letters it). */
async function recordFinalFailure(job: JobMessage, env: Bindings, error: unknown): Promise<boolean> {
  // A shadow check that keeps failing is simply not made.
  if (job.type !== "train") return true;
  try {
    await updateModelVersion(database(env.DB), job.model_id, {
      status: "failed",
      error: `gave up after ${MAX_JOB_ATTEMPTS} attempts: ${(error as Error).message}`,
      finishedAt: Date.now(),
    });
    return true;
  } catch {
    return false;
  }
}

import { z } from "zod";
import { RETRAIN_TRIGGERS } from "../../schema/enums.ts";
import type { Outbox } from "../ports.ts";

/** The jobs queue and its dead-letter queue, as wrangler.toml names them. */
export const JOBS_QUEUE = "edge-cascade-jobs";
export const JOBS_DEAD_LETTER_QUEUE = "edge-cascade-jobs-dlq";

/** Every message the jobs queue carries. */
export const jobMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("train"), task_id: z.string(), model_id: z.string() }),
  /** Ask the retrain policy about one task (the cron fans out one per due task). */
  z.object({ type: z.literal("retrain"), task_id: z.string(), trigger: z.enum(RETRAIN_TRIGGERS) }),
  /** Delete (and archive) decisions past DECISION_RETENTION_DAYS, a bounded chunk a job (src/decision-log/retention.ts). */
  z.object({ type: z.literal("purge_decisions") }),
  /**
   * An edge answer to check against the large model. The text, which is not stored otherwise,
   * travels sealed (AES-GCM, bound to the decision id), never in the clear.
   */
  z.object({
    type: z.literal("shadow"),
    task_id: z.string(),
    decision_id: z.string(),
    text_sealed: z.string(),
    edge_label: z.string(),
    edge_confidence: z.number(),
  }),
]);

export type JobMessage = z.infer<typeof jobMessageSchema>;

export const PURGE_DECISIONS_JOB: JobMessage = { type: "purge_decisions" };
export type ShadowJob = Extract<JobMessage, { type: "shadow" }>;

/** `sendBatch` takes at most 100 messages. */
const MAX_BATCH_MESSAGES = 100;

/** Puts jobs on the jobs queue; resolves once the queue has them. */
export async function sendJobs(queue: Outbox, jobs: readonly JobMessage[]): Promise<void> {
  if (jobs.length === 1) {
    await queue.send(jobs[0]);
    return;
  }
  for (let i = 0; i < jobs.length; i += MAX_BATCH_MESSAGES) {
    await queue.sendBatch(jobs.slice(i, i + MAX_BATCH_MESSAGES).map((body) => ({ body })));
  }
}

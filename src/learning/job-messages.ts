import { z } from "zod";
import type { Outbox } from "../ports.ts";

/** Every message the jobs queue carries. */
export const jobMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("train"), task_id: z.string(), model_id: z.string() }),
  /** An edge answer to check against the large model; carries the text, which is not stored otherwise. */
  z.object({
    type: z.literal("shadow"),
    task_id: z.string(),
    decision_id: z.string(),
    text: z.string(),
    edge_label: z.string(),
    edge_confidence: z.number(),
  }),
]);

export type JobMessage = z.infer<typeof jobMessageSchema>;
export type ShadowJob = Extract<JobMessage, { type: "shadow" }>;

/** Puts jobs on the jobs queue; resolves once the queue has them. */
export async function sendJobs(queue: Outbox, jobs: readonly JobMessage[]): Promise<void> {
  if (jobs.length === 1) await queue.send(jobs[0]);
  else if (jobs.length > 1) await queue.sendBatch(jobs.map((body) => ({ body })));
}

import { z } from "zod";

/** Every message the jobs queue carries. */
export const jobMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("train"), task_id: z.string(), model_id: z.string() }),
]);

export type JobMessage = z.infer<typeof jobMessageSchema>;

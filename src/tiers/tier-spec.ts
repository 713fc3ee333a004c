import { z } from "zod";
import { PROVIDERS } from "../../schema/enums.ts";

/** One tier of a task's cascade: which provider, which model, and its confidence threshold. */
export const tierSpecSchema = z
  .object({
    provider: z.enum(PROVIDERS),
    model: z.string().min(1).max(200).optional().describe("Model id; defaults come from the environment"),
    threshold: z.number().min(0).max(1).optional().describe("Answer at this tier when its confidence is at least this"),
  })
  .strict();

export type TierSpec = z.infer<typeof tierSpecSchema>;

export const tierListSchema = z
  .array(tierSpecSchema)
  .min(1)
  .max(4)
  .refine((tiers) => tiers.filter((tier) => tier.provider === "edge").length <= 1, "At most one edge tier")
  .refine((tiers) => tiers.findIndex((tier) => tier.provider === "edge") <= 0, "The edge tier, if any, comes first");

/** Where a cascade's large model is: its last remote tier (-1 when it has none). */
export function largeSpecIndex(specs: readonly TierSpec[]): number {
  return specs.findLastIndex((spec) => spec.provider !== "edge");
}

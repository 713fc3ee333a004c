import { z } from "zod";
import type { TaskRow } from "../storage/tasks.ts";
import { MAX_CACHE_TTL_S } from "../tiers/answer-cache.ts";

/** Per-task settings for text retention and the learning loop; every field is optional. */
export const taskSettingsSchema = z
  .object({
    keep_text: z
      .boolean()
      .optional()
      .describe("Keep input texts (masked) as training data, and summaries in the log. Off unless the task opts in"),
    shadow_rate: z.number().min(0).max(1).optional().describe("Share of edge answers also sent to the large model in the background"),
    auto_retrain: z.boolean().optional().describe("Retrain by itself as labels arrive (default true)"),
    retrain_every: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .nullable()
      .optional()
      .describe("Retrain after this many new labels; null retrains when labels grew by a quarter (at least 20)"),
    retrain_on_schedule: z.boolean().optional().describe("Retrain on the Cron schedule when there are new labels"),
    max_fallback_rate: z.number().min(0).max(1).nullable().optional().describe("Target share of requests that may go to the large model"),
    drift_margin: z.number().min(0).max(0.5).optional().describe("How far live agreement may fall below the target before the threshold rises"),
    none_label: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe("The label meaning 'none of these'; thresholds then also keep texts that fit no label away from the edge"),
    cache_ttl_s: z
      .number()
      .int()
      .min(0)
      .max(MAX_CACHE_TTL_S)
      .refine((ttl) => ttl === 0 || ttl >= 60, "0 (no cache) or at least 60 seconds (KV's minimum TTL)")
      .optional()
      .describe("Seconds a remote tier's answer is cached for the same input: 0 (off) or 60 to 2592000; default ANSWER_CACHE_TTL_S (86400)"),
    daily_budget_usd: z
      .number()
      .min(0)
      .max(1_000_000)
      .nullable()
      .optional()
      .describe("Daily (UTC) cap in USD on this task's remote-tier spend, within the project's; null for none. Over it, the edge answer comes back degraded (src/budget/)"),
  })
  .strict();

export type TaskSettingsInput = z.infer<typeof taskSettingsSchema>;

export interface TaskSettings {
  keepText: boolean;
  shadowRate: number;
  autoRetrain: boolean;
  retrainEvery: number | null;
  retrainOnSchedule: boolean;
  maxFallbackRate: number | null;
  driftMargin: number;
  noneLabel: string | null;
  /** The task's daily budget in USD; null for none (src/budget/). */
  dailyBudgetUsd: number | null;
}

/** A task's settings with the defaults filled in. */
export function settingsOf(task: Pick<TaskRow, "settings">): TaskSettings {
  const parsed = taskSettingsSchema.safeParse(task.settings ?? {});
  const s: TaskSettingsInput = parsed.success ? parsed.data : {};
  return {
    keepText: s.keep_text ?? false,
    shadowRate: s.shadow_rate ?? 0,
    autoRetrain: s.auto_retrain ?? true,
    retrainEvery: s.retrain_every ?? null,
    retrainOnSchedule: s.retrain_on_schedule ?? false,
    maxFallbackRate: s.max_fallback_rate ?? null,
    driftMargin: s.drift_margin ?? 0.05,
    noneLabel: s.none_label ?? null,
    dailyBudgetUsd: s.daily_budget_usd ?? null,
  };
}

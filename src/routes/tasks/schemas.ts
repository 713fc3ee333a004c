import { z } from "@hono/zod-openapi";
import { TASK_KINDS } from "../../../schema/enums.ts";
import { taskSettingsSchema } from "../../learning/task-settings.ts";
import { tierListSchema } from "../../tiers/tier-spec.ts";
import { isoTime } from "../common-schemas.ts";
import type { TaskRow } from "../../storage/tasks.ts";

const labelName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\s"<>][^"<>]*$/, "Labels cannot contain quotes or angle brackets, nor start with a space");

const labelSpec = z.union([
  labelName.transform((name) => ({ name })),
  z.object({ name: labelName, description: z.string().max(500).optional() }).strict(),
]);

const labelList = z
  .array(labelSpec)
  .max(1000)
  .refine((labels) => new Set(labels.map((l) => l.name)).size === labels.length, "Label names must be unique")
  .openapi({ example: [{ name: "billing", description: "Charges, refunds, invoices" }, { name: "bug" }] });

const taskFields = {
  description: z.string().max(2000).optional().openapi({ description: "What the labels are for; shown to the large model" }),
  threshold: z.number().min(0).max(1).nullable().optional().openapi({ description: "Edge confidence threshold; overrides the one derived from target_accuracy" }),
  target_accuracy: z.number().min(0.5).max(1).nullable().optional().openapi({ description: "Accuracy the edge answers must reach; each trained model derives its threshold from it" }),
  tiers: tierListSchema.nullable().optional().openapi({ description: "Cascade override; null uses the environment's tiers" }),
  settings: taskSettingsSchema.optional().openapi({ description: "Text retention and learning settings; a PATCH merges them" }),
};

export const createTaskBody = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "Use 1-64 lowercase letters, digits, '_', '.' or '-'").openapi({ example: "support-triage" }),
    kind: z.enum(TASK_KINDS).default("classify"),
    labels: labelList.default([]),
    ...taskFields,
  })
  .strict()
  .superRefine((task, ctx) => {
    if (task.kind === "classify" && task.labels.length < 2) {
      ctx.addIssue({ code: "custom", path: ["labels"], message: "A classification task needs at least two labels" });
    }
    if (task.kind === "summarize" && task.labels.length > 0) {
      ctx.addIssue({ code: "custom", path: ["labels"], message: "A summarization task has no labels" });
    }
  })
  .openapi("CreateTask");

export const updateTaskBody = z
  .object({ labels: labelList.optional(), ...taskFields })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, "Nothing to update")
  .openapi("UpdateTask");

export const taskSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(TASK_KINDS),
    description: z.string().nullable(),
    labels: z.array(z.object({ name: z.string(), description: z.string().optional() })),
    threshold: z.number().nullable(),
    target_accuracy: z.number().nullable(),
    tiers: z.array(z.unknown()).nullable(),
    active_model_id: z.string().nullable(),
    drift_threshold: z.number().nullable().openapi({ description: "Edge threshold raised by the learning loop after live agreement drifted; cleared by the next promotion" }),
    settings: z.record(z.string(), z.unknown()),
    spend_today_usd: z.number().nullable().optional().openapi({ description: "GET only: remote-tier spend today (UTC), metered while a budget applies (the task's or its project's); null when none does" }),
    budget_left_usd: z.number().nullable().optional().openapi({ description: "GET only: what is left of `settings.daily_budget_usd` today; null without one" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Task");

export function taskJson(task: TaskRow): z.infer<typeof taskSchema> {
  return {
    id: task.id,
    name: task.name,
    kind: task.kind,
    description: task.description,
    labels: task.labels,
    threshold: task.threshold,
    target_accuracy: task.targetAccuracy,
    tiers: task.tiers,
    active_model_id: task.activeModelId,
    drift_threshold: task.driftThreshold,
    settings: task.settings,
    created_at: isoTime(task.createdAt)!,
    updated_at: isoTime(task.updatedAt)!,
  };
}

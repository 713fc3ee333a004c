import { z } from "@hono/zod-openapi";
import { API_KEY_SCOPES } from "../../../schema/enums.ts";
import type { ProjectRow } from "../../storage/projects.ts";
import { isoTime } from "../common-schemas.ts";

const projectName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "Use 1-64 lowercase letters, digits, '_', '.' or '-'")
  .openapi({ description: "Unique across the deployment", example: "acme-support" });

const dailyBudget = z
  .number()
  .min(0)
  .max(1_000_000)
  .nullable()
  .openapi({ description: "Daily (UTC) cap in USD on remote-tier spend across the project's tasks; null for none", example: 5 });

export const createProjectBody = z
  .object({ name: projectName, daily_budget_usd: dailyBudget.optional() })
  .strict()
  .openapi("CreateProject");

export const updateProjectBody = z
  .object({ name: projectName.optional(), daily_budget_usd: dailyBudget.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.daily_budget_usd !== undefined, "Change `name`, `daily_budget_usd` or both")
  .openapi("UpdateProject");

export const projectSchema = z
  .object({
    id: z.string().openapi({ example: "prj_01J9Z3X4M5N6P7Q8R9S0T1V2W3" }),
    name: z.string(),
    daily_budget_usd: z.number().nullable(),
    spend_today_usd: z.number().nullable().openapi({ description: "Remote-tier spend since the last UTC midnight; null when not known" }),
    budget_left_usd: z.number().nullable().openapi({ description: "What is left of `daily_budget_usd` today; null without a budget or when spend is not known" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Project");

export const newProjectSchema = projectSchema
  .extend({
    key: z.string().openapi({ description: "The project's first API key (scope `admin`): shown this once, stored only as its SHA-256" }),
    key_id: z.string(),
    key_prefix: z.string(),
  })
  .openapi("NewProject");

export const currentProjectSchema = projectSchema
  .extend({
    caller: z.object({
      key_id: z.string(),
      scopes: z.array(z.enum(API_KEY_SCOPES)),
      tasks: z.array(z.string()).nullable().openapi({ description: "Task ids the key is limited to; null for every task" }),
      bootstrap: z.boolean().openapi({ description: "A key from API_KEY_HASHES (an admin of the default project that may create projects)" }),
    }),
  })
  .openapi("CurrentProject");

/** Today's spend and what is left of the budget, when the budget module knows them. */
export interface ProjectSpend {
  spend_today_usd: number | null;
  budget_left_usd: number | null;
}

export const UNKNOWN_SPEND: ProjectSpend = { spend_today_usd: null, budget_left_usd: null };

export function projectJson(row: ProjectRow, spend: ProjectSpend): z.infer<typeof projectSchema> {
  return {
    id: row.id,
    name: row.name,
    daily_budget_usd: row.dailyBudgetUsd,
    spend_today_usd: spend.spend_today_usd,
    budget_left_usd: spend.budget_left_usd,
    created_at: isoTime(row.createdAt)!,
    updated_at: isoTime(row.updatedAt)!,
  };
}

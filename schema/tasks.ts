import { sqliteTable, text, real, integer, uniqueIndex } from "drizzle-orm/sqlite-core";
import { TASK_KINDS } from "./enums.ts";

/** A labelling job a user defines: classify into labels, or summarize. */
export const tasks = sqliteTable(
  "tasks",
  {
  id: text("id").primaryKey(),
  projectId: text("project_id").notNull().default("prj_default"),
  name: text("name").notNull(),
  kind: text("kind", { enum: TASK_KINDS }).notNull(),
  description: text("description"),
  /** JSON array of `{ name, description? }`; empty for summarization tasks. */
  labels: text("labels", { mode: "json" }).$type<{ name: string; description?: string }[]>().notNull(),
  /** Edge-tier confidence threshold; null when it is derived from `target_accuracy`. */
  threshold: real("threshold"),
  targetAccuracy: real("target_accuracy"),
  /** JSON array of tier specs overriding the environment's defaults; null uses the defaults. */
  tiers: text("tiers", { mode: "json" }).$type<unknown[]>(),
  activeModelId: text("active_model_id"),
  /** Threshold raised by the learning loop when live agreement drifted; cleared by the next promotion. */
  driftThreshold: real("drift_threshold"),
  /** JSON object of per-task settings (learning, text retention). */
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  },
  // Names are unique within a project, not across projects.
  (table) => [uniqueIndex("tasks_project_name").on(table.projectId, table.name)],
);

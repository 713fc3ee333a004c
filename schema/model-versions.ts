import { sqliteTable, text, integer, real, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tasks } from "./tasks.ts";
import { MODEL_STATUSES, RETRAIN_TRIGGERS, VERDICTS } from "./enums.ts";

/** One immutable trained compact model; its weights live in KV under `artifactKey`. */
export const modelVersions = sqliteTable(
  "model_versions",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status", { enum: MODEL_STATUSES }).notNull(),
    seed: integer("seed").notNull(),
    artifactKey: text("artifact_key"),
    artifactBytes: integer("artifact_bytes"),
    trainingExamples: integer("training_examples"),
    /** JSON: holdout accuracy, ECE, temperature, macro-F1, ... */
    metrics: text("metrics", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Confidence threshold chosen for this version from its held-out predictions, if any. */
    threshold: real("threshold"),
    error: text("error"),
    /** What asked for this version: a person, enough new labels, the schedule, or drift. */
    trigger: text("trigger", { enum: RETRAIN_TRIGGERS }).notNull().default("manual"),
    /** Whether a ready version replaced the active one, and why (or why not). */
    verdict: text("verdict", { enum: VERDICTS }),
    verdictReason: text("verdict_reason"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    /** While training: when the running job's claim lapses; a version past it was abandoned. */
    leaseExpiresAt: integer("lease_expires_at"),
    finishedAt: integer("finished_at"),
  },
  (table) => [uniqueIndex("model_versions_task_version").on(table.taskId, table.version)],
);

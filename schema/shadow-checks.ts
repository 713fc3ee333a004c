import { sqliteTable, text, integer, real, index } from "drizzle-orm/sqlite-core";
import { tasks } from "./tasks.ts";

/** An edge answer that the large model also answered in the background, to measure live agreement. */
export const shadowChecks = sqliteTable(
  "shadow_checks",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    decisionId: text("decision_id").notNull().unique(),
    createdAt: integer("created_at").notNull(),
    edgeLabel: text("edge_label").notNull(),
    edgeConfidence: real("edge_confidence").notNull().default(0),
    largeLabel: text("large_label").notNull(),
    agree: integer("agree", { mode: "boolean" }).notNull(),
    /** What the background call to the large model cost; null when its model has no known price. */
    costUsd: real("cost_usd"),
    costKnown: integer("cost_known", { mode: "boolean" }).notNull().default(true),
  },
  (table) => [index("shadow_checks_task").on(table.taskId, table.createdAt)],
);

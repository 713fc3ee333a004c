import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tasks } from "./tasks.ts";
import { EXAMPLE_SOURCES } from "./enums.ts";

/** A labelled text a compact model trains on; `source` keeps imported, model and human labels apart. */
export const examples = sqliteTable(
  "examples",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    label: text("label").notNull(),
    source: text("source", { enum: EXAMPLE_SOURCES }).notNull(),
    decisionId: text("decision_id"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    index("examples_task_created").on(table.taskId, table.createdAt),
    // One label per decision and source: a repeated correction replaces the previous one.
    uniqueIndex("examples_decision_source")
      .on(table.decisionId, table.source)
      .where(sql`${table.decisionId} IS NOT NULL`),
  ],
);

import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { tasks } from "./tasks.ts";
import { LEARNING_EVENT_KINDS } from "./enums.ts";

/** What the learning loop did and why: thresholds moved, retrains scheduled, drift seen. */
export const learningEvents = sqliteTable(
  "learning_events",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    kind: text("kind", { enum: LEARNING_EVENT_KINDS }).notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (table) => [index("learning_events_task").on(table.taskId, table.id)],
);

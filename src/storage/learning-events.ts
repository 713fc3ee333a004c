import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { learningEvents } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type LearningEventRow = typeof learningEvents.$inferSelect;
export type LearningEventKind = LearningEventRow["kind"];

/** The insert that records what the learning loop did, for a batch or to run alone. */
export function learningEventInsert(db: Database, taskId: string, kind: LearningEventKind, details: Record<string, unknown>, now: number) {
  return db.insert(learningEvents).values({ id: newId("ev", now), taskId, createdAt: now, kind, details });
}

/** The same insert, made only when `onlyIf` holds when it runs in its batch (`INSERT … SELECT … WHERE`). */
export function learningEventInsertIf(db: Database, taskId: string, kind: LearningEventKind, details: Record<string, unknown>, now: number, onlyIf: SQL) {
  // The table's columns in their declared order: id, task_id, created_at, kind, details.
  return db.insert(learningEvents).select(sql`SELECT ${newId("ev", now)}, ${taskId}, ${now}, ${kind}, ${JSON.stringify(details)} WHERE ${onlyIf}`);
}

export async function recordLearningEvent(db: Database, taskId: string, kind: LearningEventKind, details: Record<string, unknown>, now: number) {
  await learningEventInsert(db, taskId, kind, details, now);
}

export async function listLearningEvents(db: Database, taskId: string, options: { before?: string; limit: number }): Promise<LearningEventRow[]> {
  return db
    .select()
    .from(learningEvents)
    .where(and(eq(learningEvents.taskId, taskId), options.before ? lt(learningEvents.id, options.before) : undefined))
    .orderBy(desc(learningEvents.id))
    .limit(options.limit);
}

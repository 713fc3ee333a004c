import { and, count, eq, inArray, sql } from "drizzle-orm";
import { examples } from "../../schema/index.ts";
import { jsonRowsInserts, jsonRowsStatements, runBatch } from "./batch.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type ExampleSource = (typeof examples.$inferSelect)["source"];
export type ExampleRow = typeof examples.$inferSelect;

export interface NewExample {
  text: string;
  label: string;
  decisionId?: string;
}

/** Labelled texts as rows, ids given: a row built once is written once, however often it is retried. */
export function exampleRows(taskId: string, rows: readonly NewExample[], source: ExampleSource, now: number): ExampleRow[] {
  return rows.map((row) => ({
    id: newId("ex", now),
    taskId,
    text: row.text,
    label: row.label,
    source,
    decisionId: row.decisionId ?? null,
    createdAt: now,
  }));
}

/** The inserts that store labelled texts, for a batch of their own or alongside other writes. */
export function exampleInserts(db: Database, taskId: string, rows: readonly NewExample[], source: ExampleSource, now: number) {
  return exampleRowInserts(db, exampleRows(taskId, rows, source, now));
}

/** Inserts of rows built by `exampleRows`. A label already stored (same id, or same decision and source) is kept: queues redeliver. */
function exampleRowInserts(db: Database, rows: readonly ExampleRow[]) {
  return jsonRowsInserts(db, examples, rows, { onConflict: "ignore" });
}

/** The same inserts as D1 statements, for `runStatements` beside a request's decisions. */
export function exampleRowStatements(db: Database, rows: readonly ExampleRow[]) {
  return jsonRowsStatements(db, examples, rows, { onConflict: "ignore" });
}

/** Stores labelled texts in one transaction: either all of them or none. */
export async function insertExamples(db: Database, taskId: string, rows: readonly NewExample[], source: ExampleSource, now: number): Promise<number> {
  await runBatch(db, exampleInserts(db, taskId, rows, source, now));
  return rows.length;
}

/** A person's label for a decision: replaces an earlier correction of the same decision. */
export async function upsertFeedback(db: Database, taskId: string, decisionId: string, text: string, label: string, now: number): Promise<void> {
  await db
    .insert(examples)
    .values({ id: newId("ex", now), taskId, text, label, source: "feedback", decisionId, createdAt: now })
    .onConflictDoUpdate({
      target: [examples.decisionId, examples.source],
      targetWhere: sql`${examples.decisionId} IS NOT NULL`,
      set: { label, text, createdAt: now },
    });
}

/** The text kept for a decision, if any source stored it. */
export async function keptText(db: Database, decisionId: string): Promise<string | null> {
  const [row] = await db.select({ text: examples.text }).from(examples).where(eq(examples.decisionId, decisionId)).limit(1);
  return row?.text ?? null;
}

/** Deletes a task's stored texts from the given sources; returns how many went. */
export async function deleteExamples(db: Database, taskId: string, sources: readonly ExampleSource[]): Promise<number> {
  const deleted = await db
    .delete(examples)
    .where(and(eq(examples.taskId, taskId), inArray(examples.source, [...sources])))
    .returning({ id: examples.id });
  return deleted.length;
}

/** Every labelled text of a task, oldest first (the order time-ordered holdouts need). */
export async function loadExamples(db: Database, taskId: string): Promise<ExampleRow[]> {
  return db.select().from(examples).where(eq(examples.taskId, taskId)).orderBy(examples.createdAt, examples.id);
}

export async function countExamples(db: Database, taskId: string, source?: ExampleSource): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(examples)
    .where(source ? and(eq(examples.taskId, taskId), eq(examples.source, source)) : eq(examples.taskId, taskId));
  return row?.n ?? 0;
}

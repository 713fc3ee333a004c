import { and, count, eq, getTableColumns } from "drizzle-orm";
import { examples } from "../../schema/index.ts";
import { chunkForParameters, runBatch } from "./batch.ts";
import type { Database } from "./database.ts";
import { newId } from "./ids.ts";

export type ExampleSource = (typeof examples.$inferSelect)["source"];
export type ExampleRow = typeof examples.$inferSelect;

const EXAMPLE_COLUMNS = Object.keys(getTableColumns(examples)).length;

/** Stores labelled texts in one transaction: either all of them or none. */
export async function insertExamples(
  db: Database,
  taskId: string,
  rows: readonly { text: string; label: string; decisionId?: string }[],
  source: ExampleSource,
  now = Date.now(),
): Promise<number> {
  const values = rows.map((row) => ({
    id: newId("ex", now),
    taskId,
    text: row.text,
    label: row.label,
    source,
    decisionId: row.decisionId ?? null,
    createdAt: now,
  }));
  await runBatch(
    db,
    chunkForParameters(values, EXAMPLE_COLUMNS).map((chunk) => db.insert(examples).values(chunk)),
  );
  return values.length;
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

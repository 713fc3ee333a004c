import { and, asc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import { tasks } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { isUniqueViolation, NAME_TAKEN } from "./unique-names.ts";
import { newId } from "../ids.ts";

export type TaskRow = typeof tasks.$inferSelect;
export type NewTask = Omit<typeof tasks.$inferInsert, "id" | "createdAt" | "updatedAt">;

/**
 * How long an isolate reuses a task it read: every classify names a task, and this read was one
 * of a request's two D1 round trips. A change made in this isolate is seen at once (writes clear
 * the cache); one made elsewhere (another isolate, the training consumer) within this bound.
 */
export const TASK_CACHE_TTL_MS = 5_000;
const MAX_CACHED_TASKS = 1_000;
const cachedTasks = new Map<string, { row: TaskRow; readAt: number }>();

function forgetCachedTasks(): void {
  cachedTasks.clear();
}

/** A new task; NAME_TAKEN when the project has a task of that name (the unique index decides, so concurrent creations of one name cannot both succeed). */
export async function insertTask(db: Database, task: NewTask, now: number): Promise<TaskRow | typeof NAME_TAKEN> {
  const row = { ...task, id: newId("tsk", now), createdAt: now, updatedAt: now };
  try {
    await db.insert(tasks).values(row);
  } catch (error) {
    if (isUniqueViolation(error, "tasks.name")) return NAME_TAKEN;
    throw error;
  }
  forgetCachedTasks();
  return row as TaskRow;
}

/**
 * Finds a task of the project by id (`tsk_...`) or by its name (unique within the project);
 * another project's task is not found. Found tasks are reused for TASK_CACHE_TTL_MS; a miss is
 * always read again (a task just created elsewhere is never hidden).
 */
export async function findTask(db: Database, projectId: string, idOrName: string): Promise<TaskRow | undefined> {
  const key = `${projectId}\n${idOrName}`;
  const now = Date.now();
  const cached = cachedTasks.get(key);
  if (cached && now - cached.readAt < TASK_CACHE_TTL_MS) return cached.row;
  const row = await db.query.tasks.findFirst({ where: and(eq(tasks.projectId, projectId), or(eq(tasks.id, idOrName), eq(tasks.name, idOrName))) });
  if (cachedTasks.size >= MAX_CACHED_TASKS) cachedTasks.clear();
  if (row) cachedTasks.set(key, { row, readAt: now });
  else cachedTasks.delete(key);
  return row;
}

/**
 * A task by id whatever its project: only for ids the service itself recorded (a job message,
 * a model version's or decision's task), never for an id a caller sent.
 */
export async function findTaskById(db: Database, id: string): Promise<TaskRow | undefined> {
  return db.query.tasks.findFirst({ where: eq(tasks.id, id) });
}

/** The project's tasks by id; `taskIds` limits them further (a key limited to named tasks). */
export async function listTasks(db: Database, projectId: string, options: { after?: string; limit: number; taskIds?: readonly string[] | null }): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.projectId, projectId),
        options.taskIds ? inArray(tasks.id, [...options.taskIds]) : undefined,
        options.after ? gt(tasks.id, options.after) : undefined,
      ),
    )
    .orderBy(asc(tasks.id))
    .limit(options.limit);
}

/** The statement that changes a task, for a batch of its own or alongside other writes; with `onlyIf`, only when that condition holds when it runs (in its batch). */
export function taskUpdate(db: Database, id: string, changes: Partial<Omit<NewTask, "name" | "kind">>, now: number, onlyIf?: SQL) {
  // Cleared when the statement is built: it runs in this request, and a failed write only costs a re-read.
  forgetCachedTasks();
  return db.update(tasks).set({ ...changes, updatedAt: now }).where(onlyIf ? and(eq(tasks.id, id), onlyIf) : eq(tasks.id, id));
}

/**
 * Classification tasks that ask for scheduled retrains and have more labels than their newest
 * version was trained on, in one query whatever the number of tasks.
 */
export async function tasksDueForScheduledRetrain(db: Database): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    SELECT t.id AS id FROM tasks t
    WHERE t.kind = 'classify' AND json_extract(t.settings, '$.retrain_on_schedule') = 1
      AND (SELECT count(*) FROM examples e WHERE e.task_id = t.id) >
          COALESCE((SELECT m.training_examples FROM model_versions m WHERE m.task_id = t.id ORDER BY m.version DESC LIMIT 1), 0)
    ORDER BY t.id`);
  return rows.map((row) => row.id);
}

export async function updateTask(db: Database, id: string, changes: Partial<Omit<NewTask, "name" | "kind">>, now: number): Promise<TaskRow | undefined> {
  const [row] = await taskUpdate(db, id, changes, now).returning();
  return row;
}

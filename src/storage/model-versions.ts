import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { modelVersions } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type ModelVersionRow = typeof modelVersions.$inferSelect;

/** A queued or training version older than this no longer blocks a new one (its job died). */
export const STALE_TRAINING_MS = 60 * 60 * 1000;

/**
 * Reserves the task's next version number as a queued training job, unless one is already
 * queued or training: then that one is returned. One statement, so concurrent requests cannot
 * both queue a version.
 */
export async function queueVersion(
  db: Database,
  taskId: string,
  seed: number,
  trigger: ModelVersionRow["trigger"],
  now: number,
): Promise<{ version: ModelVersionRow; created: boolean }> {
  const id = newId("mdl", now);
  await db.run(sql`
    INSERT INTO model_versions (id, task_id, version, status, seed, trigger, created_at)
    SELECT ${id}, ${taskId}, (SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE task_id = ${taskId}),
           'queued', ${seed}, ${trigger}, ${now}
    WHERE NOT EXISTS (
      SELECT 1 FROM model_versions
      WHERE task_id = ${taskId} AND status IN ('queued', 'training') AND created_at > ${now - STALE_TRAINING_MS}
    )`);
  const created = await findModelVersion(db, id);
  if (created) return { version: created, created: true };
  const [inFlight] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.taskId, taskId), inArray(modelVersions.status, ["queued", "training"])))
    .orderBy(desc(modelVersions.version))
    .limit(1);
  return { version: inFlight, created: false };
}

/** The task's newest version, whatever its status. */
export async function latestModelVersion(db: Database, taskId: string): Promise<ModelVersionRow | undefined> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.taskId, taskId)).orderBy(desc(modelVersions.version)).limit(1);
  return row;
}

export async function findModelVersion(db: Database, id: string): Promise<ModelVersionRow | undefined> {
  return db.query.modelVersions.findFirst({ where: eq(modelVersions.id, id) });
}

export async function findTaskModelVersion(db: Database, taskId: string, idOrVersion: string): Promise<ModelVersionRow | undefined> {
  const version = Number(idOrVersion);
  const match = Number.isInteger(version) && version > 0 ? eq(modelVersions.version, version) : eq(modelVersions.id, idOrVersion);
  return db.query.modelVersions.findFirst({ where: and(eq(modelVersions.taskId, taskId), match) });
}

export async function listModelVersions(db: Database, taskId: string): Promise<ModelVersionRow[]> {
  return db.select().from(modelVersions).where(eq(modelVersions.taskId, taskId)).orderBy(desc(modelVersions.version));
}

export type ModelVersionChanges = Partial<Omit<ModelVersionRow, "id" | "taskId" | "version" | "seed" | "createdAt">>;

/** The statement that moves a version through its life (queued → training → ready | failed), for a batch. */
export function modelVersionUpdate(db: Database, id: string, changes: ModelVersionChanges) {
  return db.update(modelVersions).set(changes).where(eq(modelVersions.id, id));
}

/** Moves a version through its life: queued → training → ready | failed. Ready versions never change. */
export async function updateModelVersion(db: Database, id: string, changes: ModelVersionChanges): Promise<void> {
  await modelVersionUpdate(db, id, changes);
}

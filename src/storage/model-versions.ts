import { and, desc, eq, max } from "drizzle-orm";
import { modelVersions } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "./ids.ts";

export type ModelVersionRow = typeof modelVersions.$inferSelect;

/** Reserves the task's next version number as a queued training job. */
export async function createQueuedVersion(
  db: Database,
  taskId: string,
  seed: number,
  trigger: ModelVersionRow["trigger"] = "manual",
  now = Date.now(),
): Promise<ModelVersionRow> {
  const [latest] = await db.select({ version: max(modelVersions.version) }).from(modelVersions).where(eq(modelVersions.taskId, taskId));
  const row: ModelVersionRow = {
    id: newId("mdl", now),
    taskId,
    version: (latest?.version ?? 0) + 1,
    status: "queued",
    seed,
    artifactKey: null,
    artifactBytes: null,
    trainingExamples: null,
    metrics: null,
    threshold: null,
    error: null,
    trigger,
    verdict: null,
    verdictReason: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  };
  await db.insert(modelVersions).values(row);
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

/** Moves a version through its life: queued → training → ready | failed. Ready versions never change. */
export async function updateModelVersion(
  db: Database,
  id: string,
  changes: Partial<Omit<ModelVersionRow, "id" | "taskId" | "version" | "seed" | "createdAt">>,
): Promise<void> {
  await db.update(modelVersions).set(changes).where(eq(modelVersions.id, id));
}

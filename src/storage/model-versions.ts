import { and, desc, eq, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { modelVersions } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type ModelVersionRow = typeof modelVersions.$inferSelect;

/**
 * How long a training job holds its version (`lease_expires_at`). Training is one block of CPU:
 * about 8 s for BANKING77 and 16 s for CLINC150, and `cpu_ms` stops an invocation at 60 s, so a
 * job still alive after 3 minutes is not computing: it is gone (or stuck in I/O). Until then no
 * other delivery of the job trains the version; after it, the next delivery takes over.
 */
export const TRAINING_LEASE_MS = 3 * 60 * 1000;
/**
 * A version in `training` whose lease lapsed this long ago was abandoned: every retry of its job
 * (10 s to 160 s apart, five of them, each waiting out a live lease) would have taken it over by
 * now. It no longer blocks a new version, and the cron marks it failed.
 */
export const ABANDONED_LEASE_MS = 30 * 60 * 1000;
/** A version still `queued` after this long lost its job (never delivered): the same. */
export const STALE_QUEUED_MS = 60 * 60 * 1000;

/** The SQL condition of a version that is queued or training and not abandoned at `now`: at most one per task. */
function inFlightAt(now: number) {
  return sql`(
    (${modelVersions.status} = 'queued' AND ${modelVersions.createdAt} > ${now - STALE_QUEUED_MS})
    OR (${modelVersions.status} = 'training' AND COALESCE(${modelVersions.leaseExpiresAt}, COALESCE(${modelVersions.startedAt}, ${modelVersions.createdAt}) + ${TRAINING_LEASE_MS}) > ${now - ABANDONED_LEASE_MS})
  )`;
}

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
      SELECT 1 FROM model_versions WHERE task_id = ${taskId} AND ${inFlightAt(now)}
    )`);
  const created = await findModelVersion(db, id);
  if (created) return { version: created, created: true };
  const [inFlight] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.taskId, taskId), inFlightAt(now)))
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

/** The versions with these ids (the compact models that answered in a stats window): one statement, the ids as one JSON parameter (D1 binds at most 100). */
export async function modelVersionsByIds(db: Database, ids: readonly string[]): Promise<ModelVersionRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(modelVersions).where(sql`${modelVersions.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
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

/**
 * Claims a version for one training attempt, in one statement: a queued version, or one in
 * training whose lease lapsed (its job died), moves to `training` with a lease until
 * `now + TRAINING_LEASE_MS`. Undefined when another job holds a live lease, the version
 * finished, or it is gone. The lease's expiry is the attempt's token for its later writes.
 */
export async function claimVersionForTraining(db: Database, id: string, now: number): Promise<ModelVersionRow | undefined> {
  const [row] = await db
    .update(modelVersions)
    .set({ status: "training", startedAt: now, leaseExpiresAt: now + TRAINING_LEASE_MS })
    .where(
      and(
        eq(modelVersions.id, id),
        or(eq(modelVersions.status, "queued"), and(eq(modelVersions.status, "training"), or(isNull(modelVersions.leaseExpiresAt), lte(modelVersions.leaseExpiresAt, now)))),
      ),
    )
    .returning();
  return row;
}

/** Whether the attempt that claimed the version with this lease still holds it (no one took over). */
export async function holdsTrainingLease(db: Database, id: string, lease: number): Promise<boolean> {
  const row = await db.query.modelVersions.findFirst({
    columns: { id: true },
    where: and(eq(modelVersions.id, id), eq(modelVersions.status, "training"), eq(modelVersions.leaseExpiresAt, lease)),
  });
  return row !== undefined;
}

/** The statement that finishes an attempt's version (ready or failed), only while it holds the lease; for a batch. */
export function modelVersionFinish(db: Database, id: string, lease: number, changes: ModelVersionChanges & { status: "ready" | "failed" }) {
  return db
    .update(modelVersions)
    .set({ ...changes, leaseExpiresAt: null })
    .where(and(eq(modelVersions.id, id), eq(modelVersions.status, "training"), eq(modelVersions.leaseExpiresAt, lease)));
}

/**
 * A condition true only once `modelVersionFinish` took effect for this attempt (the version is
 * ready with this attempt's `finishedAt`): statements of the same batch that must not outlive a
 * lost lease (the promotion, its learning event) carry it, so an attempt that was taken over
 * between its lease check and its batch writes nothing at all.
 */
export function finishedByThisAttempt(id: string, finishedAt: number): SQL {
  return sql`EXISTS (SELECT 1 FROM model_versions WHERE id = ${id} AND status = 'ready' AND finished_at = ${finishedAt})`;
}

/** Lets go of a lease at once (the attempt failed with an error), so the job's retry takes over without waiting. */
export async function releaseTrainingLease(db: Database, id: string, lease: number, now: number): Promise<void> {
  await db
    .update(modelVersions)
    .set({ leaseExpiresAt: now })
    .where(and(eq(modelVersions.id, id), eq(modelVersions.status, "training"), eq(modelVersions.leaseExpiresAt, lease)));
}

/**
 * Marks a version failed unless it finished or a job holds a live lease on it; the version
 * after the statement, so the caller can tell which (undefined when it is gone).
 */
export async function failVersionUnlessLeased(db: Database, id: string, error: string, now: number): Promise<{ failed: boolean; version: ModelVersionRow | undefined }> {
  const [row] = await db
    .update(modelVersions)
    .set({ status: "failed", error, finishedAt: now, leaseExpiresAt: null })
    .where(
      and(
        eq(modelVersions.id, id),
        or(eq(modelVersions.status, "queued"), and(eq(modelVersions.status, "training"), or(isNull(modelVersions.leaseExpiresAt), lte(modelVersions.leaseExpiresAt, now)))),
      ),
    )
    .returning();
  if (row) return { failed: true, version: row };
  return { failed: false, version: await findModelVersion(db, id) };
}

/**
 * Marks failed, in one statement whatever their number, the versions no job will finish: in
 * `training` with a lease that lapsed over ABANDONED_LEASE_MS ago, or still `queued` after
 * STALE_QUEUED_MS. Returns them.
 */
export async function failAbandonedVersions(db: Database, now: number): Promise<Pick<ModelVersionRow, "id" | "taskId" | "version" | "error">[]> {
  return db
    .update(modelVersions)
    .set({
      status: "failed",
      error: sql`CASE WHEN ${modelVersions.status} = 'queued'
        THEN ${`abandoned: its training job did not start within ${STALE_QUEUED_MS / 60_000} minutes`}
        ELSE ${`abandoned: its training job stopped without finishing (the lease lapsed over ${ABANDONED_LEASE_MS / 60_000} minutes ago) and no retry took it over`} END`,
      finishedAt: now,
      leaseExpiresAt: null,
    })
    .where(
      sql`(${modelVersions.status} = 'queued' AND ${modelVersions.createdAt} <= ${now - STALE_QUEUED_MS})
        OR (${modelVersions.status} = 'training' AND COALESCE(${modelVersions.leaseExpiresAt}, COALESCE(${modelVersions.startedAt}, ${modelVersions.createdAt}) + ${TRAINING_LEASE_MS}) <= ${now - ABANDONED_LEASE_MS})`,
    )
    .returning({ id: modelVersions.id, taskId: modelVersions.taskId, version: modelVersions.version, error: modelVersions.error });
}

import { and, eq, lt, sql } from "drizzle-orm";
import { idempotencyRecords } from "../../schema/index.ts";
import type { Database } from "./database.ts";

export type IdempotencyRecord = typeof idempotencyRecords.$inferSelect;

export interface IdempotencyClaim {
  scope: string;
  key: string;
  route: string;
  requestDigest: string;
  now: number;
  /** Until when the first request holds the key while it runs. */
  holdUntil: number;
}

/**
 * Claims a key for a request in one statement: a new key, or one whose record expired (a
 * finished answer older than its window, a first request that died holding it), is taken over.
 * Returns null when the key is ours to run; otherwise the record that holds it.
 */
export async function claimIdempotencyKey(db: Database, claim: IdempotencyClaim): Promise<IdempotencyRecord | null> {
  const taken = await db
    .insert(idempotencyRecords)
    .values({
      scope: claim.scope,
      key: claim.key,
      route: claim.route,
      requestDigest: claim.requestDigest,
      state: "in_progress",
      createdAt: claim.now,
      expiresAt: claim.holdUntil,
    })
    .onConflictDoUpdate({
      target: [idempotencyRecords.scope, idempotencyRecords.key],
      set: {
        route: claim.route,
        requestDigest: claim.requestDigest,
        state: "in_progress",
        responseStatus: null,
        responseSealed: null,
        createdAt: claim.now,
        expiresAt: claim.holdUntil,
      },
      setWhere: lt(idempotencyRecords.expiresAt, sql`${claim.now + 1}`),
    })
    .returning({ scope: idempotencyRecords.scope });
  if (taken.length > 0) return null;
  const holder = await db.query.idempotencyRecords.findFirst({
    where: and(eq(idempotencyRecords.scope, claim.scope), eq(idempotencyRecords.key, claim.key)),
  });
  // Expired and removed between the two statements: the caller may simply try again.
  return holder ?? { ...claim, state: "in_progress", responseStatus: null, responseSealed: null, createdAt: claim.now, expiresAt: claim.holdUntil };
}

/** The first request's answer, kept until `expiresAt`; only the request that holds the key writes it. */
export async function completeIdempotencyKey(
  db: Database,
  record: { scope: string; key: string; requestDigest: string; status: number; sealed: string; expiresAt: number },
): Promise<void> {
  await db
    .update(idempotencyRecords)
    .set({ state: "done", responseStatus: record.status, responseSealed: record.sealed, expiresAt: record.expiresAt })
    .where(
      and(
        eq(idempotencyRecords.scope, record.scope),
        eq(idempotencyRecords.key, record.key),
        eq(idempotencyRecords.requestDigest, record.requestDigest),
        eq(idempotencyRecords.state, "in_progress"),
      ),
    );
}

/** Lets go of a key whose request ended in a transient failure, so a retry runs again. */
export async function releaseIdempotencyKey(db: Database, scope: string, key: string, requestDigest: string): Promise<void> {
  await db
    .delete(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.scope, scope),
        eq(idempotencyRecords.key, key),
        eq(idempotencyRecords.requestDigest, requestDigest),
        eq(idempotencyRecords.state, "in_progress"),
      ),
    );
}

/** Deletes expired records, at most `limit` a call (the cron calls it hourly). */
export async function purgeExpiredIdempotencyRecords(db: Database, now: number, limit = 1000): Promise<number> {
  const result = await db.run(
    sql`DELETE FROM idempotency_records WHERE rowid IN (SELECT rowid FROM idempotency_records WHERE expires_at < ${now} LIMIT ${limit})`,
  );
  return result.meta.changes ?? 0;
}

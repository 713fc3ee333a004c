import { sql } from "drizzle-orm";
import type { Database } from "./database.ts";

/**
 * Claims the lease `name` until `expiresAt` when nobody holds it (or its holder's lease lapsed):
 * one conditional upsert, so of two concurrent claims exactly one wins. True when claimed.
 */
export async function claimJobLease(db: Database, name: string, now: number, expiresAt: number): Promise<boolean> {
  const rows = await db.all<{ name: string }>(
    sql`INSERT INTO job_leases (name, expires_at) VALUES (${name}, ${expiresAt})
        ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at WHERE job_leases.expires_at <= ${now}
        RETURNING name`,
  );
  return rows.length === 1;
}

/**
 * Gives up the lease claimed until `expiresAt`, so the next claim succeeds at once; a lease that
 * lapsed and was claimed by another job since is that job's, and is left alone.
 */
export async function releaseJobLease(db: Database, name: string, expiresAt: number): Promise<void> {
  await db.run(sql`UPDATE job_leases SET expires_at = 0 WHERE name = ${name} AND expires_at = ${expiresAt}`);
}

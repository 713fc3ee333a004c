import { and, desc, eq, gte } from "drizzle-orm";
import { shadowChecks } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type ShadowCheckRow = typeof shadowChecks.$inferSelect;

/**
 * The insert for one check; a second check of the same decision is ignored (queues redeliver).
 * `shadow_checks.cost_usd` is still NOT NULL: an unknown cost (a model without a price) is
 * written as 0 there until a migration makes the column nullable. Decisions never do this.
 */
export function shadowCheckInsert(db: Database, check: Omit<ShadowCheckRow, "id" | "costUsd"> & { costUsd: number | null }) {
  return db
    .insert(shadowChecks)
    .values({ ...check, costUsd: check.costUsd ?? 0, id: newId("shd", check.createdAt) })
    .onConflictDoNothing();
}

export async function findShadowCheck(db: Database, decisionId: string): Promise<ShadowCheckRow | undefined> {
  return db.query.shadowChecks.findFirst({ where: eq(shadowChecks.decisionId, decisionId) });
}

/** The task's newest checks made since `since`, newest first. */
export async function recentShadowChecks(db: Database, taskId: string, since: number, limit: number): Promise<ShadowCheckRow[]> {
  return db
    .select()
    .from(shadowChecks)
    .where(and(eq(shadowChecks.taskId, taskId), gte(shadowChecks.createdAt, since)))
    .orderBy(desc(shadowChecks.createdAt))
    .limit(limit);
}

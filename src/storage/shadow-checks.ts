import { and, desc, eq, gte } from "drizzle-orm";
import { shadowChecks } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type ShadowCheckRow = typeof shadowChecks.$inferSelect;

/** One shadow check; its cost is null (and `costKnown` false) when the large model has no known price. */
export function shadowCheckInsert(db: Database, check: Omit<ShadowCheckRow, "id" | "costKnown">) {
  return db
    .insert(shadowChecks)
    .values({ ...check, costKnown: check.costUsd !== null, id: newId("shd", check.createdAt) })
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

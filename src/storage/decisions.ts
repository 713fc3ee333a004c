import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import { decisions } from "../../schema/index.ts";
import { jsonRowsInserts, runBatch } from "./batch.ts";
import type { Database } from "./database.ts";
import { exampleRowInserts, type ExampleRow } from "./examples.ts";

export type DecisionRow = typeof decisions.$inferSelect;

/**
 * Writes decision rows and the labels captured with them in one transaction; returns once D1
 * has them. A hundred decisions are one statement. Idempotent on the ids: a row already there
 * (an earlier attempt that committed but whose answer was lost, a redelivered queue message) is kept.
 */
export async function recordDecisions(db: Database, rows: readonly DecisionRow[], labels: readonly ExampleRow[] = []): Promise<void> {
  await runBatch(db, [...jsonRowsInserts(db, decisions, rows, { onConflict: "ignore" }), ...exampleRowInserts(db, labels)]);
}

export async function findDecision(db: Database, id: string): Promise<DecisionRow | undefined> {
  return db.query.decisions.findFirst({ where: eq(decisions.id, id) });
}

export interface DecisionFilters {
  taskId?: string;
  from?: number;
  to?: number;
  tier?: string;
  fallbackReason?: NonNullable<DecisionRow["fallbackReason"]>;
  status?: DecisionRow["status"];
  /** Return decisions older than this id (the previous page's last id). */
  before?: string;
  limit: number;
}

/** Newest first; ids sort by time, so the cursor is the last id seen. */
export async function listDecisions(db: Database, filters: DecisionFilters): Promise<DecisionRow[]> {
  const conditions: SQL[] = [];
  if (filters.taskId) conditions.push(eq(decisions.taskId, filters.taskId));
  if (filters.from !== undefined) conditions.push(gte(decisions.createdAt, filters.from));
  if (filters.to !== undefined) conditions.push(lte(decisions.createdAt, filters.to));
  if (filters.tier) conditions.push(eq(decisions.tier, filters.tier));
  if (filters.fallbackReason) conditions.push(eq(decisions.fallbackReason, filters.fallbackReason));
  if (filters.status) conditions.push(eq(decisions.status, filters.status));
  if (filters.before) conditions.push(lt(decisions.id, filters.before));
  return db
    .select()
    .from(decisions)
    .where(and(...conditions))
    .orderBy(desc(decisions.id))
    .limit(filters.limit);
}

import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { decisions } from "../../schema/index.ts";
import { jsonRowsStatements, runStatements } from "./batch.ts";
import type { Database } from "./database.ts";
import { exampleRowStatements, type ExampleRow } from "./examples.ts";

export type DecisionRow = typeof decisions.$inferSelect;

/**
 * Writes decision rows and the labels captured with them in one transaction; returns once D1
 * has them. A hundred decisions are one statement. Idempotent on the ids: a row already there
 * (an earlier attempt that committed but whose answer was lost, a redelivered queue message) is kept.
 */
export async function recordDecisions(db: Database, rows: readonly DecisionRow[], labels: readonly ExampleRow[] = []): Promise<void> {
  await runStatements(db, [...jsonRowsStatements(db, decisions, rows, { onConflict: "ignore" }), ...exampleRowStatements(db, labels)]);
}

/** A decision of the project; another project's is not found. */
export async function findDecision(db: Database, projectId: string, id: string): Promise<DecisionRow | undefined> {
  return db.query.decisions.findFirst({ where: and(eq(decisions.id, id), eq(decisions.projectId, projectId)) });
}

export interface DecisionFilters {
  taskId?: string;
  /** Only decisions of these tasks (a key limited to named tasks); decisions without a task are left out. */
  taskIds?: readonly string[] | null;
  /** The API key that asked (`key_…`). */
  keyId?: string;
  from?: number;
  to?: number;
  tier?: string;
  fallbackReason?: NonNullable<DecisionRow["fallbackReason"]>;
  status?: DecisionRow["status"];
  /** Return decisions older than this id (the previous page's last id). */
  before?: string;
  /** Only decisions whose request `metadata` has every one of these pairs (keys match METADATA_KEY_PATTERN). */
  metadata?: Record<string, string>;
  limit: number;
}

/** A metadata key: 1 to 64 of `A-Z a-z 0-9 _ . -`, so it can sit quoted in a JSON path. */
export const METADATA_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** `json_extract(metadata, '$."KEY"') = VALUE` per pair, both bound. */
function metadataConditions(metadata: Record<string, string>): SQL[] {
  return Object.entries(metadata).map(([key, value]) => {
    if (!METADATA_KEY_PATTERN.test(key)) throw new Error(`Not a metadata key: ${JSON.stringify(key)}`);
    return sql`json_extract(${decisions.metadata}, ${`$."${key}"`}) = ${value}`;
  });
}

/** The project's decisions, newest first; ids sort by time, so the cursor is the last id seen. */
export async function listDecisions(db: Database, projectId: string, filters: DecisionFilters): Promise<DecisionRow[]> {
  const conditions: SQL[] = [eq(decisions.projectId, projectId)];
  if (filters.taskId) conditions.push(eq(decisions.taskId, filters.taskId));
  if (filters.taskIds) conditions.push(inArray(decisions.taskId, [...filters.taskIds]));
  if (filters.keyId) conditions.push(eq(decisions.keyId, filters.keyId));
  if (filters.from !== undefined) conditions.push(gte(decisions.createdAt, filters.from));
  if (filters.to !== undefined) conditions.push(lte(decisions.createdAt, filters.to));
  if (filters.tier) conditions.push(eq(decisions.tier, filters.tier));
  if (filters.fallbackReason) conditions.push(eq(decisions.fallbackReason, filters.fallbackReason));
  if (filters.status) conditions.push(eq(decisions.status, filters.status));
  if (filters.before) conditions.push(lt(decisions.id, filters.before));
  if (filters.metadata) conditions.push(...metadataConditions(filters.metadata));
  return db
    .select()
    .from(decisions)
    .where(and(...conditions))
    .orderBy(desc(decisions.id))
    .limit(filters.limit);
}

/** The oldest decisions created before `before`, oldest first (the retention's next chunk). */
export async function expiredDecisions(db: Database, before: number, limit: number): Promise<DecisionRow[]> {
  return db.select().from(decisions).where(lt(decisions.createdAt, before)).orderBy(decisions.createdAt).limit(limit);
}

/** Deletes decisions by id in one statement (the ids as one JSON parameter); their rollups stay. */
export async function deleteDecisions(db: Database, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.run(sql`DELETE FROM decisions WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  return result.meta.changes ?? 0;
}

/** Deletes up to `limit` of the oldest decisions created before `before` in one statement; returns how many. */
export async function deleteExpiredDecisions(db: Database, before: number, limit: number): Promise<number> {
  const result = await db.run(
    sql`DELETE FROM decisions WHERE id IN (SELECT id FROM decisions WHERE created_at < ${before} ORDER BY created_at LIMIT ${limit})`,
  );
  return result.meta.changes ?? 0;
}

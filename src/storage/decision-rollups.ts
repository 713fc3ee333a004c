import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { decisionRollups, LATENCY_BUCKETS } from "../../schema/index.ts";
import type { Database } from "./database.ts";

/** One group of the rollups: a time bucket, the answering tier and model, status and fallback reason. */
export interface RollupGroup {
  /** Start of the bucket, epoch ms. */
  bucket: number;
  /** '' when no tier answered. */
  tier: string;
  model: string;
  status: string;
  /** '' when the decision did not fall back. */
  fallbackReason: string;
  requests: number;
  costUsd: number;
  unpriced: number;
  largeOnlyCostUsd: number;
  largeOnlyUnpriced: number;
  energyWh: number;
  largeOnlyEnergyWh: number;
  largeOnlyEnergyUnknown: number;
  inputTokens: number;
  outputTokens: number;
  latencySumMs: number;
  /** The latency histogram (schema/decision-rollups.ts, LATENCY_BOUNDS_MS). */
  latency: number[];
  shadowChecks: number;
  shadowAgreed: number;
}

export interface RollupQuery {
  projectId: string;
  /** One task; undefined for the whole project. */
  taskId?: string;
  /** Only these tasks (a key limited to named tasks); null for all. */
  taskIds?: readonly string[] | null;
  /** Bucket starts from (inclusive) to (exclusive), epoch ms, aligned to the bucket. */
  from: number;
  to: number;
  /** The rollups read: per UTC hour or per UTC day. */
  bucket: "hour" | "day";
}

const t = decisionRollups;
const latencyColumns = Array.from({ length: LATENCY_BUCKETS }, (_, i) => t[`lat${i}` as keyof typeof t] as SQLiteColumn);

/**
 * The rollups of a window grouped by bucket, tier, model, status and fallback reason: one
 * indexed range read of the rollups at the granularity asked for, whose size grows with the
 * buckets (times the tasks, tiers, models and reasons seen), never with the decisions.
 */
export async function rollupGroups(db: Database, query: RollupQuery): Promise<RollupGroup[]> {
  const conditions: SQL[] = [eq(t.projectId, query.projectId), eq(t.bucket, query.bucket), gte(t.bucketStart, query.from), lt(t.bucketStart, query.to)];
  if (query.taskId !== undefined) conditions.push(eq(t.taskId, query.taskId));
  if (query.taskIds) conditions.push(inArray(t.taskId, [...query.taskIds]));
  const total = (column: SQLiteColumn) => sql<number>`total(${column})`;
  const rows = await db
    .select({
      bucket: t.bucketStart,
      tier: t.tier,
      model: t.model,
      status: t.status,
      fallbackReason: t.fallbackReason,
      requests: total(t.requests),
      costUsd: total(t.costUsd),
      unpriced: total(t.unpriced),
      largeOnlyCostUsd: total(t.largeOnlyCostUsd),
      largeOnlyUnpriced: total(t.largeOnlyUnpriced),
      energyWh: total(t.energyWh),
      largeOnlyEnergyWh: total(t.largeOnlyEnergyWh),
      largeOnlyEnergyUnknown: total(t.largeOnlyEnergyUnknown),
      inputTokens: total(t.inputTokens),
      outputTokens: total(t.outputTokens),
      latencySumMs: total(t.latencyMsSum),
      latency: sql<string>`json_array(${sql.join(latencyColumns.map((column) => sql`total(${column})`), sql`, `)})`,
      shadowChecks: total(t.shadowChecks),
      shadowAgreed: total(t.shadowAgreed),
    })
    .from(t)
    .where(and(...conditions))
    .groupBy(t.bucketStart, t.tier, t.model, t.status, t.fallbackReason)
    .orderBy(t.bucketStart);
  return rows.map((row) => ({ ...row, latency: JSON.parse(row.latency) as number[] }));
}

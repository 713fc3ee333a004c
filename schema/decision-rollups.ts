import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Upper bounds (ms, exclusive) of the latency histogram's buckets; the last bucket is open. A
 * decision of latency L counts in bucket i = the number of bounds <= L. p50 and p95 in the stats
 * are read from it (src/stats/percentiles.ts).
 */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/**
 * The decision log aggregated per project, task, UTC hour (and again per UTC day), answering tier
 * and model, status and fallback reason: what `GET /v1/stats` reads, at the granularity asked
 * for, so it answers in time proportional to the buckets asked for (times the tasks, tiers,
 * models and reasons seen), never to the decisions. A trigger on `decisions` (migration 0007)
 * adds each inserted row to its hour and its day in the same statement,
 * so the rollups can never disagree with the rows (a conflicting insert that is ignored adds
 * nothing), and deleting old decisions (retention) leaves them. Another trigger counts shadow
 * checks into the edge/ok row of their hour. `task_id`, `tier`, `model` and `fallback_reason` are '' when
 * the decision has none (a primary key cannot hold NULL).
 */
export const decisionRollups = sqliteTable(
  "decision_rollups",
  {
    projectId: text("project_id").notNull(),
    taskId: text("task_id").notNull(),
    /** `hour` or `day`: each decision is counted in its UTC hour and in its UTC day. */
    bucket: text("bucket", { enum: ["hour", "day"] }).notNull(),
    /** Start of the UTC hour or day, epoch ms. */
    bucketStart: integer("bucket_start").notNull(),
    tier: text("tier").notNull(),
    /** The model that answered (for the edge tier, the compact model version's id). */
    model: text("model").notNull(),
    status: text("status").notNull(),
    fallbackReason: text("fallback_reason").notNull(),
    requests: integer("requests").notNull().default(0),
    /** Sum over the decisions of known cost; `unpriced` counts those whose cost is unknown. */
    costUsd: real("cost_usd").notNull().default(0),
    unpriced: integer("unpriced").notNull().default(0),
    largeOnlyCostUsd: real("large_only_cost_usd").notNull().default(0),
    largeOnlyUnpriced: integer("large_only_unpriced").notNull().default(0),
    energyWh: real("energy_wh").notNull().default(0),
    largeOnlyEnergyWh: real("large_only_energy_wh").notNull().default(0),
    /** Decisions without a counterfactual at all (logged before migration 0007): their large-only energy is unknown. */
    largeOnlyEnergyUnknown: integer("large_only_energy_unknown").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    latencyMsSum: real("latency_ms_sum").notNull().default(0),
    /** The latency histogram: `lat_i` counts decisions in bucket i of LATENCY_BOUNDS_MS. */
    lat0: integer("lat_0").notNull().default(0),
    lat1: integer("lat_1").notNull().default(0),
    lat2: integer("lat_2").notNull().default(0),
    lat3: integer("lat_3").notNull().default(0),
    lat4: integer("lat_4").notNull().default(0),
    lat5: integer("lat_5").notNull().default(0),
    lat6: integer("lat_6").notNull().default(0),
    lat7: integer("lat_7").notNull().default(0),
    lat8: integer("lat_8").notNull().default(0),
    lat9: integer("lat_9").notNull().default(0),
    lat10: integer("lat_10").notNull().default(0),
    lat11: integer("lat_11").notNull().default(0),
    lat12: integer("lat_12").notNull().default(0),
    lat13: integer("lat_13").notNull().default(0),
    shadowChecks: integer("shadow_checks").notNull().default(0),
    shadowAgreed: integer("shadow_agreed").notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.taskId, table.bucket, table.bucketStart, table.tier, table.model, table.status, table.fallbackReason] }),
    index("decision_rollups_project_bucket").on(table.projectId, table.bucket, table.bucketStart),
  ],
);

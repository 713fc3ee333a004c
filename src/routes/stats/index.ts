import { createRoute, z } from "@hono/zod-openapi";
import { requireTask } from "../../http/require-task.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { alignWindow, lastBuckets, STATS_BUCKETS, statsReport, type StatsBucket } from "../../stats/report.ts";
import { rollupGroups, type RollupGroup } from "../../storage/decision-rollups.ts";
import type { Database } from "../../storage/database.ts";
import { modelVersionsByIds } from "../../storage/model-versions.ts";
import { errorResponses, queryTime, security } from "../common-schemas.ts";

/** The most buckets one answer holds: 31 days of hours, or about 13 months of days. */
const MAX_STATS_BUCKETS = 744;
/** Without `from`: the last 24 hours or 7 days, the bucket holding `to` (usually partial) included. */
const DEFAULT_BUCKETS: Record<StatsBucket, number> = { hour: 24, day: 7 };

const usd = (description: string) => z.number().nullable().openapi({ description: `${description}; null when unknown (an unpriced model was involved: see the *_unpriced_requests count), never 0 for unknown` });

const statsSchema = z
  .object({
    requests: z.number().int(),
    answers_by_tier: z.record(z.string(), z.number().int()).openapi({ description: "Answers per tier (edge, middle, large, cache); failed requests are in none" }),
    edge_share: z.number().nullable().openapi({ description: "Share of requests the edge tier answered (0..1); null without requests" }),
    cache_hits: z.number().int(),
    fallback_reasons: z.record(z.string(), z.number().int()),
    statuses: z.record(z.string(), z.number().int()),
    cost_usd: usd("What the requests cost"),
    cost_known: z.boolean(),
    unpriced_requests: z.number().int(),
    large_only_cost_usd: usd("What they would have cost had every text gone to the large model, priced at decision time"),
    large_only_cost_known: z.boolean(),
    large_only_unpriced_requests: z.number().int(),
    savings_usd: usd("large_only_cost_usd - cost_usd"),
    savings_pct: z.number().nullable().openapi({ description: "savings_usd as a percentage of large_only_cost_usd" }),
    energy_wh: z.number(),
    large_only_energy_wh: z.number().nullable().openapi({ description: "Null when some decisions have no counterfactual (logged before it was recorded): see large_only_energy_known" }),
    large_only_energy_known: z.boolean(),
    co2_g: z.number().openapi({ description: "energy_wh × GRID_INTENSITY_G_PER_KWH / 1000" }),
    large_only_co2_g: z.number().nullable(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    latency_ms: z
      .record(z.string(), z.object({ p50: z.number().nullable(), p95: z.number().nullable(), mean: z.number().nullable() }))
      .openapi({ description: "Per answering tier; percentiles interpolated in a 1-2-5 histogram" }),
    shadow: z.object({ checks: z.number().int(), agreed: z.number().int(), agreement: z.number().nullable() }),
  })
  .openapi("Stats");

const statsAnswer = z
  .object({
    task: z.object({ id: z.string(), name: z.string() }).nullable(),
    from: z.string(),
    to: z.string().openapi({ description: "Exclusive" }),
    bucket: z.enum(["hour", "day"]),
    totals: statsSchema,
    buckets: z.array(statsSchema.extend({ start: z.string() })),
    model_versions: z
      .array(
        z.object({
          id: z.string(),
          task_id: z.string(),
          version: z.number().int().nullable(),
          threshold: z.number().nullable(),
          requests: z.number().int(),
          first_bucket: z.string(),
          last_bucket: z.string(),
        }),
      )
      .openapi({ description: "The compact model versions that answered in the window" }),
    factors: z.object({
      grid_intensity_g_per_kwh: z.number(),
      source: z.string(),
    }),
  })
  .openapi("StatsAnswer");

const stats = createRoute({
  method: "get",
  path: "/v1/stats",
  tags: ["decisions"],
  security,
  summary: "What the cascade did and saved, per hour or day: for a task, or the whole project",
  description:
    "Read from rollups kept with the decision log, so the answer costs a read per bucket, not per decision. `from` is rounded down and `to` up to whole buckets (`to` exclusive). Defaults: `bucket=day`, `to` now, and without `from` the last 7 daily (24 hourly) buckets, the current one included; at most 744 buckets.",
  request: {
    query: z.object({
      task: z.string().max(100).optional().openapi({ description: "Task id or name; without it, the whole project" }),
      from: queryTime.optional().openapi({ description: "Start, ISO 8601 (rounded down to the bucket)" }),
      to: queryTime.optional().openapi({ description: "End, ISO 8601 (rounded up to the bucket; exclusive)" }),
      bucket: z.enum(["hour", "day"]).default("day"),
    }),
  },
  responses: { 200: { description: "The stats", content: { "application/json": { schema: statsAnswer } } }, ...errorResponses },
});

export const statsRouter = createRouter().openapi(stats, async (c) => {
  const query = c.req.valid("query");
  const caller = c.get("caller");
  const ports = c.get("ports");
  const task = query.task ? await requireTask(c, query.task) : null;
  // Without `to`, up to now: 1 ms past it, so that the bucket holding now is in the window even when now is its first instant.
  const to = query.to ?? ports.clock.now() + 1;
  if (query.from !== undefined && query.from > to) throw new ApiError("invalid_request", "from: must not be after to", [{ path: "from", message: "After to" }]);
  const window = query.from === undefined ? lastBuckets(to, query.bucket, DEFAULT_BUCKETS[query.bucket]) : alignWindow(query.from, to, query.bucket);
  const buckets = (window.to - window.from) / STATS_BUCKETS[query.bucket];
  if (buckets > MAX_STATS_BUCKETS) {
    throw new ApiError("invalid_request", `The window holds ${buckets} ${query.bucket} buckets; at most ${MAX_STATS_BUCKETS}: narrow it or use bucket=day`, [
      { path: "from", message: "Window too long" },
    ]);
  }
  const groups = await rollupGroups(ports.db, {
    projectId: caller.projectId,
    taskId: task?.id,
    taskIds: caller.taskIds,
    from: window.from,
    to: window.to,
    bucket: query.bucket,
  });
  const report = statsReport(groups, window, ports.config.GRID_INTENSITY_G_PER_KWH);
  return c.json(
    {
      task: task ? { id: task.id, name: task.name } : null,
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      bucket: query.bucket,
      ...report,
      model_versions: await modelVersionsJson(ports.db, groups),
      factors: {
        grid_intensity_g_per_kwh: ports.config.GRID_INTENSITY_G_PER_KWH,
        source: "GRID_INTENSITY_G_PER_KWH (default: world average 2023, Ember Global Electricity Review 2024); energy per call: src/models/energy.ts",
      },
    },
    200,
  );
});

/** What each edge model answered in the window, in one pass over the groups. */
function edgeAnswers(groups: readonly RollupGroup[]): Map<string, { requests: number; first: number; last: number }> {
  const answered = new Map<string, { requests: number; first: number; last: number }>();
  for (const group of groups) {
    if (group.tier !== "edge" || group.requests === 0) continue;
    const seen = answered.get(group.model);
    if (seen) {
      seen.requests += group.requests;
      seen.first = Math.min(seen.first, group.bucket);
      seen.last = Math.max(seen.last, group.bucket);
    } else answered.set(group.model, { requests: group.requests, first: group.bucket, last: group.bucket });
  }
  return answered;
}

/** The compact model versions among the edge models that answered (the summarizer's model is none). */
async function modelVersionsJson(db: Database, groups: readonly RollupGroup[]) {
  const answered = edgeAnswers(groups);
  const versions = await modelVersionsByIds(db, [...answered.keys()]);
  return versions.map((version) => {
    const { requests, first, last } = answered.get(version.id)!;
    return {
      id: version.id,
      task_id: version.taskId,
      version: version.version,
      threshold: version.threshold,
      requests,
      first_bucket: new Date(first).toISOString(),
      last_bucket: new Date(last).toISOString(),
    };
  });
}

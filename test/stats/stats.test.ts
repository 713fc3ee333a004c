import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { remoteModelPrice } from "../../src/models/pricing.ts";
import { database } from "../../src/storage/database.ts";
import { modelVersions } from "../../schema/index.ts";
import { jsonRowsInserts, runBatch } from "../../src/storage/batch.ts";
import { recordDecisions, type DecisionRow } from "../../src/storage/decisions.ts";
import { apiJson } from "../support/api.ts";
import { answer, OPENAI_ENV, openAiDouble } from "../support/large-model-doubles.ts";
import { ADMIN, createTrainedTaskAs, insertKey, insertProject } from "../projects/support.ts";

afterEach(() => vi.restoreAllMocks());

const CONFIDENT = ["I was charged twice for my subscription this month", "the app crashes every time I open settings", "can't sign in with single sign-on"];
const DOUBTFUL = ["hello there", "something about my thing", "what do you think of the weather", "ok"];

/** A project with an admin key and a trained task, and a mix of decisions: edge answers, large answers, failures. */
async function projectWithTraffic(options: { model?: string } = {}) {
  const projectId = await insertProject();
  const admin = await insertKey(projectId, ADMIN);
  const { task, model } = await createTrainedTaskAs(admin.key, { threshold: 0.6 });
  const largeEnv = { ...OPENAI_ENV, ...(options.model ? { OPENAI_MODEL: options.model } : {}) };
  openAiDouble(answer("account", 0.9));
  const batch = await apiJson("/v1/classify", { key: admin.key, env: largeEnv, body: { task: task.name, texts: [...CONFIDENT, ...DOUBTFUL] } });
  expect(batch.status, JSON.stringify(batch.body)).toBe(200);
  vi.restoreAllMocks();
  // No large model at all: doubtful texts fall back and fail (or are degraded to the edge answer).
  const alone = await apiJson("/v1/classify", { key: admin.key, body: { task: task.name, texts: DOUBTFUL } });
  expect(alone.status, JSON.stringify(alone.body)).toBe(200);
  return { projectId, admin, task, model, answers: [...batch.body.results, ...alone.body.results] };
}

async function stats(key: string, query = "") {
  const { status, body } = await apiJson(`/v1/stats${query}`, { key });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** The same numbers recomputed from the decision rows themselves. */
async function aggregatesFromDecisions(projectId: string) {
  return env.DB.prepare(
    `SELECT count(*) AS requests, total(tier = 'edge') AS edge, total(tier = 'large') AS large, total(status = 'failed') AS failed,
            total(iif(cost_usd IS NULL OR cost_known = 0, 0, cost_usd)) AS cost, total(cost_usd IS NULL OR cost_known = 0) AS unpriced,
            total(large_only_cost_usd) AS large_only, total(energy_wh) AS energy, total(large_only_energy_wh) AS large_only_energy,
            total(input_tokens) AS input_tokens, total(fallback_reason = 'low_confidence') AS low_confidence
     FROM decisions WHERE project_id = ?`,
  )
    .bind(projectId)
    .first<Record<string, number>>();
}

describe("GET /v1/stats", () => {
  let traffic: Awaited<ReturnType<typeof projectWithTraffic>>;
  beforeAll(async () => {
    traffic = await projectWithTraffic();
  });

  it("equals the aggregates recomputed from the decision rows, for the project and for the task", async () => {
    const expected = (await aggregatesFromDecisions(traffic.projectId))!;
    expect(expected.requests).toBe(CONFIDENT.length + 2 * DOUBTFUL.length);
    expect(expected.edge).toBeGreaterThan(0);
    expect(expected.large).toBeGreaterThan(0);
    for (const query of ["", `?task=${traffic.task.name}`, `?task=${traffic.task.id}&bucket=hour`]) {
      const body = await stats(traffic.admin.key, query);
      const totals = body.totals;
      expect(totals.requests).toBe(expected.requests);
      expect(totals.answers_by_tier.edge).toBe(expected.edge);
      expect(totals.answers_by_tier.large).toBe(expected.large);
      expect(totals.statuses.failed).toBe(expected.failed);
      expect(totals.fallback_reasons.low_confidence).toBe(expected.low_confidence);
      expect(totals.edge_share).toBeCloseTo(expected.edge / expected.requests, 12);
      expect(totals.cost_known).toBe(true);
      expect(totals.cost_usd).toBeCloseTo(expected.cost, 12);
      expect(totals.large_only_cost_usd).toBeCloseTo(expected.large_only, 12);
      expect(totals.savings_usd).toBeCloseTo(expected.large_only - expected.cost, 12);
      expect(totals.savings_pct).toBeCloseTo((100 * (expected.large_only - expected.cost)) / expected.large_only, 9);
      expect(totals.energy_wh).toBeCloseTo(expected.energy, 12);
      expect(totals.large_only_energy_wh).toBeCloseTo(expected.large_only_energy, 12);
      expect(totals.large_only_energy_known).toBe(true);
      expect(totals.co2_g).toBeCloseTo((expected.energy * 480) / 1000, 12);
      expect(totals.input_tokens).toBe(expected.input_tokens);
      // The buckets add up to the totals.
      expect(body.buckets.reduce((sum: number, bucket: any) => sum + bucket.requests, 0)).toBe(expected.requests);
      expect(body.task === null).toBe(query === "");
    }
  });

  it("answers the shape the dashboard and the CLI read, with the active model version and latency per tier", async () => {
    const body = await stats(traffic.admin.key, `?task=${traffic.task.name}`);
    expect(body).toMatchObject({ task: { id: traffic.task.id, name: traffic.task.name }, bucket: "day", factors: { grid_intensity_g_per_kwh: 480 } });
    // The last 7 days: 7 daily buckets, today's (partial) one last.
    expect(body.buckets).toHaveLength(7);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 86_400_000);
    expect(Date.parse(body.buckets[6].start)).toBe(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    expect(body.model_versions).toEqual([
      expect.objectContaining({ id: traffic.model.id, task_id: traffic.task.id, version: 1, requests: body.totals.answers_by_tier.edge }),
    ]);
    const edge = body.totals.latency_ms.edge;
    expect(edge.p50).toBeGreaterThanOrEqual(0);
    expect(edge.p95).toBeGreaterThanOrEqual(edge.p50);
    expect(body.totals.answers_by_tier).toEqual(expect.objectContaining({ edge: expect.any(Number), middle: 0, large: expect.any(Number), cache: 0 }));
  });

  it("counts a decision once, however often its row is written (a retried write, a redelivered queue message)", async () => {
    const before = await stats(traffic.admin.key);
    const rows = (await database(env.DB).query.decisions.findMany({ where: (d, { eq }) => eq(d.projectId, traffic.projectId) })) as DecisionRow[];
    await recordDecisions(database(env.DB), rows);
    await recordDecisions(database(env.DB), rows.slice(0, 3));
    const after = await stats(traffic.admin.key);
    expect(after.totals).toEqual(before.totals);
  });

  it("prices each decision's large-only counterfactual at decision time: the large answer's own cost, or the estimated prompt at the large model's price", async () => {
    const price = remoteModelPrice({ OPENAI_BASE_URL: OPENAI_ENV.OPENAI_BASE_URL, MODEL_PRICES: new Map() }, "openai-compatible", OPENAI_ENV.OPENAI_MODEL)!;
    expect(price).not.toBeNull();
    const large = traffic.answers.find((a: any) => a.tier === "large");
    const largeAttempt = large.tiers.find((attempt: any) => attempt.tier === "large");
    expect(large.large_only_cost_usd).toBeCloseTo(largeAttempt.cost_usd, 15);
    const edge = traffic.answers.find((a: any) => a.tier === "edge");
    expect(edge.cost_usd).toBe(0);
    expect(edge.large_only_cost_usd).toBeGreaterThan(0);
    // The prompt (labels and instructions) plus the text, at about 4 characters a token.
    const minimumInputTokens = Math.ceil(edge.input_chars / 4);
    expect(edge.large_only_cost_usd).toBeGreaterThan((minimumInputTokens * price.inputPerMillionUsd) / 1e6);
    const logged = (await apiJson(`/v1/decisions/${edge.decision_id}`, { key: traffic.admin.key })).body;
    expect(logged.large_only_cost_usd).toBe(edge.large_only_cost_usd);
    expect(logged.large_only_energy_wh).toBeGreaterThan(logged.energy_wh);
  });

  it("keeps an unknown price unknown: cost and savings are null, flagged, with the unpriced count", async () => {
    const unpriced = await projectWithTraffic({ model: "acme-private-13b" });
    const body = await stats(unpriced.admin.key);
    expect(body.totals.cost_known).toBe(false);
    expect(body.totals.cost_usd).toBeNull();
    expect(body.totals.unpriced_requests).toBeGreaterThan(0);
    expect(body.totals.large_only_cost_known).toBe(false);
    expect(body.totals.large_only_cost_usd).toBeNull();
    expect(body.totals.savings_usd).toBeNull();
    expect(body.totals.savings_pct).toBeNull();
  });

  it("puts decisions in their UTC hour, keeps empty buckets, and reads p50/p95 from the latency histogram", async () => {
    const projectId = await insertProject();
    const admin = await insertKey(projectId, ADMIN);
    const [template] = (await database(env.DB).query.decisions.findMany({ where: (d, { eq }) => eq(d.projectId, traffic.projectId), limit: 1 })) as DecisionRow[];
    const base = Date.UTC(2026, 10, 20, 0, 0, 0);
    const latencies = [3, 3, 3, 3, 3, 3, 3, 3, 3, 300];
    const rows: DecisionRow[] = latencies.map((latencyMs, i) => ({
      ...template,
      id: `dec_stats_hours_${projectId}_${i}`,
      projectId,
      taskId: null,
      tier: "edge",
      status: "ok",
      fallbackReason: null,
      latencyMs,
      createdAt: base + (i < 5 ? 10 * 60_000 : 5 * 3_600_000 + i * 1000),
    }));
    await recordDecisions(database(env.DB), rows);
    const body = await stats(admin.key, `?bucket=hour&from=2026-11-20T00:00:00Z&to=2026-11-20T23:59:59Z`);
    expect(body.buckets).toHaveLength(24);
    expect(body.buckets[0]).toMatchObject({ start: "2026-11-20T00:00:00.000Z", requests: 5 });
    expect(body.buckets[5]).toMatchObject({ start: "2026-11-20T05:00:00.000Z", requests: 5 });
    expect(body.buckets.filter((bucket: any) => bucket.requests === 0)).toHaveLength(22);
    expect(body.buckets[1].edge_share).toBeNull();
    const latency = body.totals.latency_ms.edge;
    expect(latency.p50).toBeGreaterThanOrEqual(2);
    expect(latency.p50).toBeLessThan(5);
    expect(latency.p95).toBeGreaterThanOrEqual(200);
    expect(latency.p95).toBeLessThan(500);
    expect(latency.mean).toBeCloseTo((9 * 3 + 300) / 10, 9);
  });

  it("keeps a missing counterfactual unknown: decisions logged without one make large-only cost, energy and CO2 null", async () => {
    const projectId = await insertProject();
    const admin = await insertKey(projectId, ADMIN);
    const [template] = (await database(env.DB).query.decisions.findMany({ where: (d, { eq }) => eq(d.projectId, traffic.projectId), limit: 1 })) as DecisionRow[];
    const now = Date.now();
    await recordDecisions(database(env.DB), [
      { ...template, id: `dec_stats_known_${projectId}`, projectId, createdAt: now, largeOnlyCostUsd: 0.001, largeOnlyEnergyWh: 5, energyWh: 2 },
      // As migration 0007 left the rows logged before it: no counterfactual at all.
      { ...template, id: `dec_stats_old_${projectId}`, projectId, createdAt: now, largeOnlyCostUsd: null, largeOnlyEnergyWh: null, energyWh: 2 },
    ]);
    const { totals } = await stats(admin.key);
    expect(totals).toMatchObject({ requests: 2, energy_wh: 4, co2_g: (4 * 480) / 1000 });
    expect(totals).toMatchObject({ large_only_energy_wh: null, large_only_energy_known: false, large_only_co2_g: null, large_only_cost_usd: null, large_only_cost_known: false, savings_usd: null });
  });

  it("reads every compact model version that answered, past D1's 100 bound parameters", async () => {
    const projectId = await insertProject();
    const admin = await insertKey(projectId, ADMIN);
    const [template] = (await database(env.DB).query.decisions.findMany({ where: (d, { eq }) => eq(d.projectId, traffic.projectId), limit: 1 })) as DecisionRow[];
    const [version] = await database(env.DB).query.modelVersions.findMany({ where: (v, { eq }) => eq(v.id, traffic.model.id) });
    const now = Date.now();
    const versions = Array.from({ length: 101 }, (_, i) => ({ ...version, id: `mdl_stats_${projectId}_${i}`, version: 1000 + i }));
    await runBatch(database(env.DB), jsonRowsInserts(database(env.DB), modelVersions, versions));
    await recordDecisions(
      database(env.DB),
      versions.map((v, i) => ({ ...template, id: `dec_stats_v_${projectId}_${i}`, projectId, createdAt: now, tier: "edge", model: v.id })),
    );
    const body = await stats(admin.key);
    expect(body.model_versions).toHaveLength(101);
  });

  it("takes whole buckets: 31 days of hours (744) is one window, `to` on a boundary is exclusive, times past 9999 are refused", async () => {
    const month = await apiJson("/v1/stats?bucket=hour&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z", { key: traffic.admin.key });
    expect(month.status, JSON.stringify(month.body)).toBe(200);
    expect(month.body.buckets).toHaveLength(744);
    expect(month.body.to).toBe("2026-11-01T00:00:00.000Z");
    const day = await apiJson("/v1/stats?from=2026-10-01T00:00:00Z&to=2026-10-01T00:00:00Z", { key: traffic.admin.key });
    expect(day.body.buckets).toHaveLength(1);
    // Without `from`, the default 7 days end at `to` just the same: the day starting at `to` is not in them.
    const week = await apiJson("/v1/stats?to=2026-11-01T00:00:00Z", { key: traffic.admin.key });
    expect(week.body.buckets.map((b: { start: string }) => b.start)).toEqual(Array.from({ length: 7 }, (_, i) => `2026-10-${String(25 + i).padStart(2, "0")}T00:00:00.000Z`));
    expect(week.body.to).toBe("2026-11-01T00:00:00.000Z");
    const far = await apiJson("/v1/stats?from=%2B275760-09-12T00:00:00Z&to=%2B275760-09-13T00:00:00Z", { key: traffic.admin.key });
    expect(far.status).toBe(400);
    expect(far.body.error.message).toMatch(/9999/);
  });

  it("refuses a bad window with 400 naming the problem, a foreign task with 404, a key without decisions:read with 403", async () => {
    const backwards = await apiJson("/v1/stats?from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z", { key: traffic.admin.key });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/from/);
    const tooLong = await apiJson("/v1/stats?bucket=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", { key: traffic.admin.key });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/at most 744/);
    const badTime = await apiJson("/v1/stats?from=yesterday", { key: traffic.admin.key });
    expect(badTime.status).toBe(400);
    const otherProject = await insertProject();
    const foreign = await insertKey(otherProject, ADMIN);
    expect((await apiJson(`/v1/stats?task=${traffic.task.id}`, { key: foreign.key })).status).toBe(404);
    // Another project's admin sees none of this project's traffic.
    expect((await stats(foreign.key)).totals.requests).toBe(0);
    const classifier = await insertKey(traffic.projectId, ["classify"]);
    expect((await apiJson("/v1/stats", { key: classifier.key })).status).toBe(403);
  });

  it("shows a key limited to named tasks only those tasks' numbers", async () => {
    const limited = await insertKey(traffic.projectId, ["decisions:read"], ["task_not_this_one"]);
    expect((await stats(limited.key)).totals.requests).toBe(0);
    const own = await insertKey(traffic.projectId, ["decisions:read"], [traffic.task.id]);
    expect((await stats(own.key)).totals.requests).toBe((await aggregatesFromDecisions(traffic.projectId))!.requests);
  });
});

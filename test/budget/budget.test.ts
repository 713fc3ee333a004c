import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiKeys, projects } from "../../schema/index.ts";
import { durableBudgets } from "../../src/budget/budgets.ts";
import { secondsToUtcMidnight, utcDay } from "../../src/budget/day.ts";
import { forgetProjectBudget } from "../../src/budget/project-cap.ts";
import { apiKeyHash } from "../../src/projects/api-key-secret.ts";
import { database } from "../../src/storage/database.ts";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { recordingJobsQueue } from "../support/recording-queue.ts";
import { createTask, createTrainedTask, uniqueName } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

const TEXT = "my invoice page shows an error";
/** What one call to the double costs: its usage (180 in, 12 out) at the model's price (0.293 / 2.253 USD per million). */
const CALL_COST_USD = (180 * 0.293 + 12 * 2.253) / 1_000_000;

/** A project of its own (so its ledger starts empty) with an admin key, written straight to D1. */
async function newProject(dailyBudgetUsd: number | null): Promise<{ id: string; key: string }> {
  const db = database(env.DB);
  const now = Date.now();
  const id = `prj_${uniqueName("budget").replace(/-/g, "")}`;
  const key = `ec_${Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
  await db.insert(projects).values({ id, name: uniqueName("budget"), dailyBudgetUsd, createdAt: now, updatedAt: now });
  await db.insert(apiKeys).values({
    id: `key_${id.slice(4)}`,
    projectId: id,
    name: "admin",
    prefix: key.slice(0, 12),
    hash: await apiKeyHash(key),
    scopes: ["admin", "tasks:write", "classify", "summarize", "decisions:read", "feedback"],
    taskIds: null,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: now,
  });
  return { id, key };
}

async function setProjectBudget(id: string, dailyBudgetUsd: number | null) {
  await database(env.DB).update(projects).set({ dailyBudgetUsd }).where(eq(projects.id, id));
  forgetProjectBudget(id);
}

describe("the budget ledger (one Durable Object per project)", () => {
  it("lets exactly as many concurrent reservations through as the cap covers, and settles to the actual cost", async () => {
    const budgets = durableBudgets(env.BUDGETS);
    const project = `prj_ledger_${uniqueName()}`;
    const day = utcDay(Date.now());
    const amountNano = 1_000;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => budgets.reserve(project, { day, amountNano, projectCapNano: 10 * amountNano, taskId: "tsk_a", taskCapNano: null })),
    );
    const held = results.filter((r) => r.ok);
    expect(held).toHaveLength(10);
    expect(results.filter((r) => !r.ok)[0]).toMatchObject({ ok: false, scope: "project", leftNano: 0 });
    expect((await budgets.status(project, day, ["tsk_a"])).project).toEqual({ spentNano: 0, reservedNano: 10 * amountNano });

    for (const r of held) if (r.ok) await budgets.settle(project, r.reservationId, 400);
    // Settling twice changes nothing.
    if (held[0].ok) await budgets.settle(project, held[0].reservationId, 400);
    const settled = await budgets.status(project, day, ["tsk_a"]);
    expect(settled.project).toEqual({ spentNano: 4_000, reservedNano: 0 });
    expect(settled.tasks.tsk_a).toEqual({ spentNano: 4_000, reservedNano: 0 });
    // A task's cap is checked beside the project's.
    expect(await budgets.reserve(project, { day, amountNano: 2_000, projectCapNano: null, taskId: "tsk_a", taskCapNano: 5_000 })).toMatchObject({ ok: false, scope: "task", leftNano: 1_000 });
    // Another day starts from nothing.
    expect((await budgets.status(project, "2099-01-01")).project).toEqual({ spentNano: 0, reservedNano: 0 });
  });

  it("counts days in UTC and says how long until the next midnight", () => {
    const now = Date.parse("2026-03-04T23:59:30.200Z");
    expect(utcDay(now)).toBe("2026-03-04");
    expect(secondsToUtcMidnight(now)).toBe(30);
    expect(secondsToUtcMidnight(Date.parse("2026-03-05T00:00:00Z"))).toBe(86_400);
  });
});

describe("budgets that degrade", () => {
  it("50 concurrent requests against a budget that covers 10 calls make at most 10 calls; the rest get the edge answer, degraded", async () => {
    const budgetUsd = 10 * CALL_COST_USD;
    const task = await createTrainedTask({ threshold: 0.999, settings: { daily_budget_usd: budgetUsd } });
    const double = openAiDouble(answer("bug"));
    const responses = await Promise.all(Array.from({ length: 50 }, () => apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } })));
    const calls = double.requests.length;
    // The worst case reserved is several times a call's actual cost, so concurrent calls are held to fewer than 10.
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(10);
    for (const { status } of responses) expect(status).toBe(200);
    const answered = responses.filter(({ body }) => body.tier === "large");
    const degraded = responses.filter(({ body }) => body.status === "degraded");
    expect(answered).toHaveLength(calls);
    expect(degraded).toHaveLength(50 - calls);
    for (const { body } of degraded) {
      expect(body).toMatchObject({ tier: "edge", fallback: { reason: "budget_exhausted", from: "edge", to: "large", outcome: "unavailable", error: { code: "budget_exhausted" } } });
      expect(["billing", "bug", "account"]).toContain(body.label);
      // The refused call was never made: no attempt, no cost.
      expect(body.cost_usd).toBe(0);
    }
    // Every reservation was settled at what the call cost: spend is the calls' cost, never more than the budget.
    const shown = (await apiJson(`/v1/tasks/${task.id}`)).body;
    expect(shown.spend_today_usd).toBeCloseTo(calls * CALL_COST_USD, 9);
    expect(shown.spend_today_usd).toBeLessThanOrEqual(budgetUsd + 1e-9);
    expect(shown.budget_left_usd).toBeCloseTo(budgetUsd - calls * CALL_COST_USD, 9);
  });

  it("answers 429 budget_exhausted with Retry-After at the next UTC midnight when there is no edge answer", async () => {
    const task = await createTask({ settings: { daily_budget_usd: 0 } });
    const double = openAiDouble(answer("bug"));
    const { status, body, headers } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    expect(status).toBe(429);
    expect(double.requests).toHaveLength(0);
    expect(body).toMatchObject({ status: "failed", error: { code: "budget_exhausted", request_id: expect.any(String) } });
    const retryAfter = Number(headers.get("retry-after"));
    expect(Math.abs(retryAfter - secondsToUtcMidnight(Date.now()))).toBeLessThanOrEqual(5);
    // A batch answers 200 with the item failed for the same reason.
    const batch = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, texts: [TEXT] } });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0]).toMatchObject({ status: "failed", error: { code: "budget_exhausted" } });
  });

  it("skips a model with no known price under a budget, naming MODEL_PRICES", async () => {
    const task = await createTrainedTask({ threshold: 0.999, settings: { daily_budget_usd: 100 } });
    const double = openAiDouble(answer("bug"));
    const { status, body } = await apiJson("/v1/classify", { env: { ...OPENAI_ENV, OPENAI_MODEL: "house-model-without-a-price" }, body: { task: task.name, text: TEXT } });
    expect(status).toBe(200);
    expect(double.requests).toHaveLength(0);
    expect(body).toMatchObject({ status: "degraded", tier: "edge", fallback: { reason: "budget_exhausted", error: { code: "budget_exhausted" } } });
    expect(body.fallback.error.message).toContain("MODEL_PRICES");
    expect(body.cost_usd).toBe(0);
  });

  it("changes nothing without a budget: no ledger call, spend not metered", async () => {
    const task = await createTrainedTask({ threshold: 0.999 });
    const double = openAiDouble(answer("bug"));
    const get = vi.spyOn(env.BUDGETS, "get");
    const { status, body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", tier: "large", label: "bug" });
    expect(double.requests).toHaveLength(1);
    const shown = (await apiJson(`/v1/tasks/${task.id}`)).body;
    expect(shown).toMatchObject({ spend_today_usd: null, budget_left_usd: null });
    expect(get).not.toHaveBeenCalled();
    // The spy does see the ledger when a budget applies.
    await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: { settings: { daily_budget_usd: 1 } } });
    await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    expect(get).toHaveBeenCalled();
  });

  it("holds a project's budget across its tasks, settles at the actual cost and shows it on the project", async () => {
    const project = await newProject(0);
    const task = await createTrainedTask({ threshold: 0.999 });
    // The trained task belongs to the default project; a task of the new project is made with its own key.
    const own = await apiJson("/v1/tasks", { key: project.key, body: { name: uniqueName(), labels: task.labels, threshold: 0.999 } });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const double = openAiDouble(answer("bug"));

    // A budget of 0: nothing can be reserved. The untrained task has no edge answer: 429.
    const refused = await apiJson("/v1/classify", { key: project.key, env: OPENAI_ENV, body: { task: own.body.name, text: TEXT } });
    expect(refused.status).toBe(429);
    expect(double.requests).toHaveLength(0);

    await setProjectBudget(project.id, 1);
    const paid = await apiJson("/v1/classify", { key: project.key, env: OPENAI_ENV, body: { task: own.body.name, text: TEXT } });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: "ok", tier: "large" });
    expect(double.requests).toHaveLength(1);
    expect(paid.body.cost_usd).toBeCloseTo(CALL_COST_USD, 12);

    // The worst case was reserved and the difference released: spend is the actual cost.
    const shown = await apiJson(`/v1/projects/${project.id}`, { key: project.key });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.spend_today_usd).toBeCloseTo(CALL_COST_USD, 9);
    expect(shown.body.budget_left_usd).toBeCloseTo(1 - CALL_COST_USD, 9);
    const ledger = await durableBudgets(env.BUDGETS).status(project.id, utcDay(Date.now()), [own.body.id]);
    expect(ledger.project).toEqual({ spentNano: Math.ceil(CALL_COST_USD * 1e9 - 1e-6), reservedNano: 0 });
    expect(ledger.tasks[own.body.id]).toEqual(ledger.project);
  });

  it("meters shadow checks too: under a spent budget a check is skipped, the large model never called, the job done", async () => {
    const task = await createTrainedTask({ threshold: 0.01, settings: { shadow_rate: 1, daily_budget_usd: 0 } });
    const jobs = recordingJobsQueue();
    const answered = await apiJson("/v1/classify", { env: { ...OPENAI_ENV, JOBS: jobs.binding }, body: { task: task.name, text: TEXT } });
    expect(answered.body.tier).toBe("edge");
    expect(jobs.sent.filter((job) => job.type === "shadow")).toHaveLength(1);
    const double = openAiDouble(answer("bug"));
    const results = await jobs.deliverAll("shadow", OPENAI_ENV);
    expect(results[0].explicitAcks).toHaveLength(1);
    expect(double.requests).toHaveLength(0);
    const checks = await env.DB.prepare("SELECT count(*) AS n FROM shadow_checks WHERE task_id = ?").bind(task.id).first<{ n: number }>();
    expect(checks!.n).toBe(0);

    // With money left, the check is made and its cost is spent from the task's budget.
    await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: { settings: { daily_budget_usd: 1 } } });
    const again = await apiJson("/v1/classify", { env: { ...OPENAI_ENV, JOBS: jobs.binding }, body: { task: task.name, text: `${TEXT} again` } });
    expect(again.body.tier).toBe("edge");
    await jobs.deliverAll("shadow", OPENAI_ENV);
    expect(double.requests).toHaveLength(1);
    expect((await apiJson(`/v1/tasks/${task.id}`)).body.spend_today_usd).toBeCloseTo(CALL_COST_USD, 9);
  });

  it("validates settings.daily_budget_usd", async () => {
    const bad = await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: ["a", "b"], settings: { daily_budget_usd: -1 } } });
    expect(bad.status).toBe(400);
  });
});

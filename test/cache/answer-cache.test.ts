import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../src/privacy/digest.ts";
import { apiJson } from "../support/api.ts";
import { answer, OPENAI_ENV, openAiDouble } from "../support/large-model-doubles.ts";
import { createTask, createTrainedTask, TRIAGE_LABELS, uniqueName } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

/** The large model, with the deployment's documented default TTL (vitest.config.ts turns the cache off for other tests). */
const CACHE_ENV = { ...OPENAI_ENV, ANSWER_CACHE_TTL_S: "86400" };

let task: any;
beforeAll(async () => {
  // A threshold no edge answer reaches, so every text asks the large model.
  task = await createTrainedTask({ threshold: 0.999 });
});

let textCounter = 0;
/** A text no other test of this file classifies. */
function freshText(): string {
  return `my invoice page shows something odd, case ${++textCounter} ${Date.now()}`;
}

async function classify(taskName: string, text: string, options: { env?: Record<string, string>; key?: string } = {}) {
  const { status, body } = await apiJson("/v1/classify", { env: options.env ?? CACHE_ENV, key: options.key, body: { task: taskName, text } });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function storedRow(decisionId: string) {
  return env.DB.prepare("SELECT tier, cost_usd, cost_known, tiers, project_id FROM decisions WHERE id = ?")
    .bind(decisionId)
    .first<{ tier: string; cost_usd: number | null; cost_known: number; tiers: string; project_id: string }>();
}

/** Every value in the cache namespace. */
async function cachedValues(): Promise<{ name: string; value: string }[]> {
  const listed = await env.ANSWER_CACHE.list();
  return Promise.all(listed.keys.map(async (key) => ({ name: key.name, value: (await env.ANSWER_CACHE.get(key.name)) ?? "" })));
}

describe("the cache of remote answers", () => {
  it("answers the same text twice with one model call: the second decision is tier cache, cost 0, reusing the first", async () => {
    const double = openAiDouble(answer("account", 0.9));
    const text = freshText();
    const first = await classify(task.name, text);
    expect(first).toMatchObject({ tier: "large", label: "account", cache: null });
    const second = await classify(task.name, text);
    expect(double.requests).toHaveLength(1);
    expect(second).toMatchObject({
      tier: "cache",
      model: OPENAI_ENV.OPENAI_MODEL,
      label: "account",
      confidence: 0.9,
      status: "ok",
      cost_usd: 0,
      cost_known: true,
      usage: { input_tokens: 0, output_tokens: 0 },
      cache: { decision_id: first.decision_id },
    });
    expect(second.decision_id).not.toBe(first.decision_id);
    // The savings count the hit in full: had it gone to the large model, it would have cost about what the
    // first did (the first's reported tokens; the hit's estimated from its prompt and text).
    expect(first.large_only_cost_usd).toBeGreaterThan(0);
    expect(second.large_only_cost_usd / first.large_only_cost_usd).toBeGreaterThan(0.5);
    expect(second.large_only_cost_usd / first.large_only_cost_usd).toBeLessThan(2);
    expect(second.tiers.map((attempt: any) => attempt.tier)).toEqual(["edge", "cache"]);
    expect(second.fallback).toMatchObject({ reason: "low_confidence", from: "edge", to: "cache", outcome: "answered" });

    // The log has the same decision, and the row's tiers JSON names the reused decision.
    const logged = (await apiJson(`/v1/decisions/${second.decision_id}`)).body;
    expect(logged).toMatchObject({ tier: "cache", cost_usd: 0, cache: { decision_id: first.decision_id } });
    const listed = await apiJson(`/v1/decisions?task=${task.id}&tier=cache`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.data.map((decision: any) => decision.decision_id)).toContain(second.decision_id);
    expect(listed.body.data.every((decision: any) => decision.tier === "cache")).toBe(true);
    const row = await storedRow(second.decision_id);
    expect(row).toMatchObject({ tier: "cache", cost_usd: 0, cost_known: 1 });
    expect(JSON.parse(row!.tiers)[1]).toMatchObject({ tier: "cache", cost_usd: 0, reused_decision_id: first.decision_id });

    // A KV dump shows sealed values only: no label, no decision id.
    const values = await cachedValues();
    expect(values.length).toBeGreaterThan(0);
    for (const { name, value } of values) {
      if (!name.startsWith("ans/")) continue;
      expect(value).toMatch(/^v\d+:[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
      expect(value).not.toContain(first.decision_id);
      expect(value).not.toContain("account");
    }
  });

  it("misses after the labels' descriptions change, then caches under the new key", async () => {
    const local = await createTrainedTask({ threshold: 0.999 });
    const double = openAiDouble(answer("billing", 0.9));
    const text = freshText();
    await classify(local.name, text);
    const labels = TRIAGE_LABELS.map((label) => (label.name === "billing" ? { ...label, description: "Charges, invoices, refunds and taxes" } : label));
    const patched = await apiJson(`/v1/tasks/${local.id}`, { method: "PATCH", body: { labels } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const afterChange = await classify(local.name, text);
    expect(afterChange).toMatchObject({ tier: "large", cache: null });
    expect(double.requests).toHaveLength(2);
    const again = await classify(local.name, text);
    expect(again).toMatchObject({ tier: "cache", cache: { decision_id: afterChange.decision_id } });
    expect(double.requests).toHaveLength(2);
  });

  it("misses when the tier's model changes", async () => {
    const double = openAiDouble(answer("bug", 0.9));
    const text = freshText();
    await classify(task.name, text);
    const otherModel = await classify(task.name, text, { env: { ...CACHE_ENV, OPENAI_MODEL: "gpt-4o-mini" } });
    expect(otherModel).toMatchObject({ tier: "large", model: "gpt-4o-mini", cache: null });
    expect(double.requests).toHaveLength(2);
    // Each model has its own entry.
    expect(await classify(task.name, text)).toMatchObject({ tier: "cache", model: OPENAI_ENV.OPENAI_MODEL });
    expect(await classify(task.name, text, { env: { ...CACHE_ENV, OPENAI_MODEL: "gpt-4o-mini" } })).toMatchObject({ tier: "cache", model: "gpt-4o-mini" });
    expect(double.requests).toHaveLength(2);
  });

  it("DELETE /v1/tasks/{id}/cache drops the task's entries (admin only)", async () => {
    const double = openAiDouble(answer("account", 0.9));
    const text = freshText();
    const first = await classify(task.name, text);
    expect(await classify(task.name, text)).toMatchObject({ tier: "cache", cache: { decision_id: first.decision_id } });

    // A key without the admin scope may not drop it.
    const classifyKey = await insertKey("prj_default", ["classify"]);
    const refused = await apiJson(`/v1/tasks/${task.id}/cache`, { method: "DELETE", key: classifyKey });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");

    const dropped = await apiJson(`/v1/tasks/${task.id}/cache`, { method: "DELETE" });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    expect(dropped.body).toEqual({ task_id: task.id, dropped: true });
    const afterDrop = await classify(task.name, text);
    expect(afterDrop).toMatchObject({ tier: "large", cache: null });
    expect(double.requests).toHaveLength(2);
    expect(await classify(task.name, text)).toMatchObject({ tier: "cache", cache: { decision_id: afterDrop.decision_id } });

    const missing = await apiJson(`/v1/tasks/tsk_nope/cache`, { method: "DELETE" });
    expect(missing.status).toBe(404);
  });

  it("another project's identical request misses, and cannot drop this project's cache", async () => {
    const name = uniqueName("shared");
    const mine = await createTask({ name, threshold: 0.999 });
    const otherKey = await insertKey(await insertProject(), ["admin"]);
    const created = await apiJson("/v1/tasks", { key: otherKey, body: { name, labels: TRIAGE_LABELS, threshold: 0.999 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const double = openAiDouble(answer("billing", 0.9));
    const text = freshText();
    const first = await classify(name, text);
    expect(first).toMatchObject({ tier: "large" });
    expect(await classify(name, text)).toMatchObject({ tier: "cache" });
    const foreign = await classify(name, text, { key: otherKey });
    expect(foreign).toMatchObject({ tier: "large", cache: null });
    expect(double.requests).toHaveLength(2);
    expect((await storedRow(foreign.decision_id))!.project_id).not.toBe("prj_default");

    const foreignDrop = await apiJson(`/v1/tasks/${mine.id}/cache`, { method: "DELETE", key: otherKey });
    expect(foreignDrop.status).toBe(404);
    expect(await classify(name, text)).toMatchObject({ tier: "cache", cache: { decision_id: first.decision_id } });
  });

  it("never caches with cache_ttl_s 0, nor failures and degraded answers", async () => {
    const off = await createTask({ threshold: 0.999, settings: { cache_ttl_s: 0 } });
    const double = openAiDouble(answer("bug", 0.9));
    const text = freshText();
    expect(await classify(off.name, text)).toMatchObject({ tier: "large" });
    expect(await classify(off.name, text)).toMatchObject({ tier: "large", cache: null });
    expect(double.requests).toHaveLength(2);
    double.restore();

    // A large model that fails: the edge's answer is degraded, and nothing is cached.
    const failing = openAiDouble({ kind: "status", status: 400 }, answer("bug", 0.9));
    const other = freshText();
    const degraded = await classify(task.name, other);
    expect(degraded).toMatchObject({ status: "degraded", tier: "edge" });
    const answered = await classify(task.name, other);
    expect(answered).toMatchObject({ status: "ok", tier: "large", cache: null });
    expect(failing.requests).toHaveLength(2);
  });

  it("a task's cache_ttl_s wins over the deployment's default ANSWER_CACHE_TTL_S", async () => {
    const double = openAiDouble(answer("bug", 0.9));
    const text = freshText();
    // The deployment's default 0: off for tasks that do not set it...
    const offEnv = { ...OPENAI_ENV, ANSWER_CACHE_TTL_S: "0" };
    await classify(task.name, text, { env: offEnv });
    expect(await classify(task.name, text, { env: offEnv })).toMatchObject({ tier: "large" });
    expect(double.requests).toHaveLength(2);
    // ...on for a task that does.
    const on = await createTask({ threshold: 0.999, settings: { cache_ttl_s: 3600 } });
    await classify(on.name, text, { env: offEnv });
    expect(await classify(on.name, text, { env: offEnv })).toMatchObject({ tier: "cache" });
    expect(double.requests).toHaveLength(3);
  });

  it("validates cache_ttl_s: 0, or 60 to 30 days", async () => {
    for (const bad of [30, -1, 1.5, 2_592_001, "60"]) {
      const refused = await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: TRIAGE_LABELS, settings: { cache_ttl_s: bad } } });
      expect(refused.status, `cache_ttl_s ${JSON.stringify(bad)}`).toBe(400);
    }
    const created = await createTask({ settings: { cache_ttl_s: 60 } });
    const patched = await apiJson(`/v1/tasks/${created.id}`, { method: "PATCH", body: { settings: { cache_ttl_s: 0 } } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings.cache_ttl_s).toBe(0);
    const refused = await apiJson(`/v1/tasks/${created.id}`, { method: "PATCH", body: { settings: { cache_ttl_s: 59 } } });
    expect(refused.status).toBe(400);
  });

  it("caches a summary, sealed, for a task that does not keep text; a different length budget misses", async () => {
    const name = uniqueName("sum");
    const created = await apiJson("/v1/tasks", { body: { name, kind: "summarize", threshold: 0.999 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const summary = "The team will decide at tomorrow's standup whether to ship on Friday.";
    const double = openAiDouble({ kind: "text", content: summary });
    const transcript = [
      `Anna: ok so are we shipping on friday? (${++textCounter})`,
      "Ben: depends on QA, they found two blockers yesterday",
      "Anna: which ones",
      "Ben: the login redirect and the export thing",
      "Chris: export is fixed, PR is up",
      "Anna: let's decide tomorrow at standup then",
    ].join("\n");
    const summarize = async (body: Record<string, unknown>) => {
      const response = await apiJson("/v1/summarize", { env: CACHE_ENV, body: { task: name, text: transcript, ...body } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };
    const first = await summarize({ max_words: 40 });
    expect(first).toMatchObject({ tier: "large", summary });
    const second = await summarize({ max_words: 40 });
    expect(second).toMatchObject({ tier: "cache", summary, cost_usd: 0, cache: { decision_id: first.decision_id } });
    expect(double.requests).toHaveLength(1);
    // The log keeps no summary text for this task; the cache holds it sealed.
    expect((await apiJson(`/v1/decisions/${second.decision_id}`)).body.output).toBeNull();
    for (const { value } of await cachedValues()) expect(value).not.toContain("standup");

    expect(await summarize({ max_words: 25 })).toMatchObject({ tier: "large", cache: null });
    expect(double.requests).toHaveLength(2);
  });
});

let projectCounter = 0;

async function insertProject(): Promise<string> {
  const id = `prj_cache_${++projectCounter}_${Date.now().toString(36)}`;
  const now = Date.now();
  await env.DB.prepare("INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)").bind(id, id, now, now).run();
  return id;
}

/** A project key with these scopes, inserted as the keys route would store it (SHA-256 of the key). */
async function insertKey(projectId: string, scopes: string[]): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const key = `ec_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const id = `key_cache_${++projectCounter}_${Date.now().toString(36)}`;
  await env.DB.prepare(
    "INSERT INTO api_keys (id, project_id, name, prefix, hash, scopes, task_ids, expires_at, revoked_at, last_used_at, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?)",
  )
    .bind(id, projectId, id, key.slice(0, 12), await sha256Hex(key), JSON.stringify(scopes), Date.now())
    .run();
  return key;
}

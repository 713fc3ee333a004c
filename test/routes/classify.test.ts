import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { createTask, createTrainedTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

describe("POST /v1/classify end to end", () => {
  it("answers at the edge when the compact model is confident, and logs exactly one decision row", async () => {
    const task = await createTrainedTask({ threshold: 0.3 });
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, text: "I was charged twice, please refund the invoice" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ task: task.name, task_id: task.id, label: "billing", tier: "edge", model: task.active_model_id, status: "ok", fallback: null, cost_usd: 0, cost_known: true });
    expect(body.decision_id).toMatch(/^dec_/);
    expect(body.confidence).toBeGreaterThanOrEqual(0.3);
    expect(body.usage).toEqual({ input_tokens: 0, output_tokens: 0, estimated: false });

    const row = await apiJson(`/v1/decisions/${body.decision_id}`);
    expect(row.status).toBe(200);
    expect(row.body).toMatchObject({ task_id: task.id, kind: "classify", source: "api", output: "billing", tier: "edge", status: "ok", fallback: null });
    expect(row.body.input_chars).toBe("I was charged twice, please refund the invoice".length);
    expect(row.body.input_hash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(JSON.stringify(row.body)).not.toContain("charged twice");
    expect(row.body.tiers).toHaveLength(1);
    expect(row.body.tiers[0]).toMatchObject({ tier: "edge", provider: "edge", output: "billing", error: null });
    expect(row.body.energy_wh).toBeGreaterThan(0);

    const all = await apiJson(`/v1/decisions?task=${task.id}`);
    expect(all.body.data).toHaveLength(1);
  });

  it("gives the same input hash for the same text (a keyed HMAC), and a different one for another text", async () => {
    const task = await createTrainedTask();
    const a = await apiJson("/v1/classify", { body: { task: task.id, texts: ["reset my password", "reset my password", "app crashed"] } });
    const hashes = await Promise.all(a.body.results.map(async (r: any) => (await apiJson(`/v1/decisions/${r.decision_id}`)).body.input_hash));
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).not.toBe(hashes[2]);
  });

  it("falls back to the large model on low confidence and says why", async () => {
    const task = await createTrainedTask({ threshold: 0.999 });
    const double = openAiDouble(answer("account", 0.9));
    const { status, body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "the new export is weird on my invoice page" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ label: "account", tier: "large", model: OPENAI_ENV.OPENAI_MODEL, status: "ok" });
    expect(body.fallback).toEqual({ reason: "low_confidence", from: "edge", to: "large", outcome: "answered", error: null });
    expect(body.usage).toEqual({ input_tokens: 180, output_tokens: 12, estimated: false });
    expect(body.cost_usd).toBeGreaterThan(0);
    expect(double.requests).toHaveLength(1);
    expect(double.requests[0].headers.get("authorization")).toBe("Bearer sk-test-key");

    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row).toMatchObject({ tier: "large", output: "account", fallback: { reason: "low_confidence", from: "edge", outcome: "answered" } });
    expect(row.tiers.map((t: any) => t.tier)).toEqual(["edge", "large"]);
    expect(row.tiers[0].confidence).toBeLessThan(0.999);
    expect(row.cost_usd).toBeCloseTo(body.cost_usd, 12);
  });

  it("goes straight to the large tier when the task has no trained model", async () => {
    const task = await createTask();
    openAiDouble(answer("bug"));
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "it broke" } });
    expect(body).toMatchObject({ label: "bug", tier: "large", status: "ok" });
    expect(body.fallback).toMatchObject({ reason: "no_model", from: "edge", to: "large", outcome: "answered" });
  });

  it("records an edge error, and lets the large model answer, when the active model's weights are gone", async () => {
    const task = await createTrainedTask();
    await env.MODELS.delete(`models/${task.id}/${task.active_model_id}`);
    openAiDouble(answer("billing"));
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "refund please" } });
    expect(body).toMatchObject({ tier: "large", label: "billing", status: "ok" });
    expect(body.fallback).toMatchObject({ reason: "edge_error", from: "edge", to: "large", outcome: "answered" });
    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row.tiers[0].error.message).toMatch(/missing from KV/);
  });

  it("without a large model, still answers at the edge and says the large tier is unavailable", async () => {
    const task = await createTrainedTask({ threshold: 0.999 });
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, text: "something about my invoice" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tier: "edge", status: "degraded" });
    expect(["billing", "bug", "account"]).toContain(body.label);
    expect(body.fallback).toMatchObject({ reason: "low_confidence", from: "edge", to: "large", outcome: "unavailable" });
    expect(body.fallback.error.code).toBe("not_configured");
  });

  it("answers 503 with a logged decision when no tier can answer a single text", async () => {
    const task = await createTask();
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, text: "anything" } });
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: "not_configured" });
    expect(body.error.request_id).toMatch(/\S/);
    expect(body).toMatchObject({ label: null, status: "failed", fallback: { reason: "no_model", outcome: "unavailable" } });
    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row).toMatchObject({ status: "failed", output: null, fallback: { reason: "no_model" } });
  });

  it("classifies a batch in order with one decision per text", async () => {
    const task = await createTrainedTask({ threshold: 0 });
    const texts = ["refund my payment", "the app crashes on start", "I cannot log in"];
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, texts } });
    expect(status).toBe(200);
    expect(body.results.map((r: any) => r.label)).toEqual(["billing", "bug", "account"]);
    expect(new Set(body.results.map((r: any) => r.decision_id)).size).toBe(3);
    const logged = await apiJson(`/v1/decisions?task=${task.id}`);
    expect(logged.body.data).toHaveLength(3);
  });
});

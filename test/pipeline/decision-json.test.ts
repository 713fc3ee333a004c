import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, openAiDouble } from "../support/large-model-doubles.ts";
import { createTask, createTrainedTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

let task: any;
beforeAll(async () => {
  // Every edge answer is below this threshold, so every text asks the large model.
  task = await createTrainedTask({ threshold: 1 });
});

/** The live answer without the fields that only the route adds (the task's name and the output's alias). */
function decisionOf(answer: any) {
  const { task: _task, label: _label, summary: _summary, words: _words, text_kind: _kind, language: _language, ...decision } = answer;
  return decision;
}

describe("one decision JSON", () => {
  it("the live answer of a degraded decision is the logged decision, fallback and error included", async () => {
    openAiDouble({ kind: "status", status: 500 });
    const { status, body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "I was charged twice" } });
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.fallback).toMatchObject({ reason: "low_confidence", from: "edge", to: "large", outcome: "failed", error: { code: "server_error" } });
    const logged = await apiJson(`/v1/decisions/${body.decision_id}`);
    expect(logged.body).toEqual(decisionOf(body));
    const listed = await apiJson(`/v1/decisions?task=${task.id}&limit=1`);
    expect(listed.body.data[0]).toEqual(logged.body);
  });

  it("a decision no tier answered has the same error in the 503 and in the log", async () => {
    const untrained = await createTask();
    const { status, body, headers } = await apiJson("/v1/classify", { body: { task: untrained.name, text: "anything at all" } });
    expect(status).toBe(503);
    expect(Number(headers.get("retry-after"))).toBeGreaterThan(0);
    expect(body.error).toMatchObject({ code: "not_configured", request_id: expect.any(String) });
    const logged = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(logged.error).toEqual({ code: body.error.code, message: body.error.message });
    expect(logged.fallback).toEqual(body.fallback);
    expect(logged).toEqual({ ...decisionOf(body), error: logged.error });
  });

  it("a provider's warnings reach the answer, its tier attempt and the log", async () => {
    openAiDouble({ kind: "unmetered", label: "billing" });
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "refund my invoice" } });
    expect(body).toMatchObject({ tier: "large", label: "billing", status: "ok" });
    expect(body.warnings).toEqual([expect.stringMatching(/tokens are estimated/)]);
    expect(body.tiers[1].warnings).toEqual(body.warnings);
    expect(body.tiers[0].warnings).toEqual([]);
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    expect((await apiJson(`/v1/decisions/${body.decision_id}`)).body.warnings).toEqual(body.warnings);
  });

  it("a summary's live answer is its logged decision, the log keeping only the summary's hash", async () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} talks about the quarterly results of the company and its shares.`).join(" ");
    const { status, body } = await apiJson("/v1/summarize", { body: { text, max_words: 30 } });
    expect(status).toBe(200);
    const logged = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(body.summary).toBe(body.output);
    expect(logged.output).toBeNull();
    expect(logged.output_chars).toBe(body.summary.length);
    expect(logged).toEqual({ ...decisionOf(body), output: null });
  });

  it("the compact model says when it read only part of a long text", async () => {
    const trained = await createTrainedTask({ threshold: 0 });
    const { body } = await apiJson("/v1/classify", { body: { task: trained.name, text: `refund my invoice ${"please ".repeat(400)}` } });
    expect(body.tier).toBe("edge");
    expect(body.warnings).toEqual([expect.stringMatching(/compact model read the first 2000 of \d+ characters/)]);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, openAiDouble } from "../support/large-model-doubles.ts";
import { uniqueName } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

const ARTICLE = [
  "Harbour City council has approved a plan to replace its ageing tram fleet with 40 low-floor vehicles by 2029.",
  "The £310m scheme, agreed on Tuesday by 31 votes to 9, will be paid for by a mix of central government grants and local borrowing.",
  "Council leader Maria Okafor said the new trams would cut journey times on the busiest routes by up to a fifth and make every stop accessible to wheelchair users.",
  "The existing fleet, built in the early 1990s, has suffered repeated breakdowns, with almost one in ten services cancelled last winter.",
  "Opposition councillors argued that the borrowing would squeeze other budgets, including road repairs and libraries, for more than a decade.",
  "Transport campaigners welcomed the decision but warned that construction of a new depot could disrupt services in the city centre for two years.",
  "The first vehicles are expected to enter service in 2027, after a testing period on the northern line.",
  "A public consultation on the timetable changes that will follow is due to open in the spring.",
].join(" ");

const TRANSCRIPT = [
  "Anna: ok so are we shipping on friday?",
  "Ben: depends on QA, they found two blockers yesterday",
  "Anna: which ones",
  "Ben: the login redirect and the export thing",
  "Chris: export is fixed, PR is up",
  "Anna: great, and login?",
  "Ben: still looking, maybe tomorrow",
  "Anna: let's decide tomorrow at standup then",
].join("\n");

describe("POST /v1/summarize", () => {
  it("summarizes news-like prose at the edge within the word budget, and logs one decision without the text", async () => {
    const { status, body } = await apiJson("/v1/summarize", { body: { text: ARTICLE, max_words: 60 } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tier: "edge", model: "extractive-centroid-v1", status: "ok", fallback: null, task: null, text_kind: "prose", cost_usd: 0 });
    expect(body.words).toBeLessThanOrEqual(60);
    expect(body.words).toBeGreaterThan(10);
    // Extractive: every sentence of the summary is a sentence of the article, in the article's order.
    const positions = body.summary.split(/(?<=\.)\s+/).map((sentence: string) => ARTICLE.indexOf(sentence));
    expect(positions.every((p: number) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row).toMatchObject({ kind: "summarize", task_id: null, tier: "edge", output: null, output_chars: body.summary.length, input_chars: ARTICLE.length });
    expect(row.output_hash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain("tram");
  });

  it("keeps the summary in the log when the task opts in", async () => {
    const name = uniqueName("sum");
    const created = await apiJson("/v1/tasks", { body: { name, kind: "summarize", settings: { keep_text: true } } });
    expect(created.status).toBe(201);
    const { body } = await apiJson("/v1/summarize", { body: { task: name, text: ARTICLE, ratio: 0.3 } });
    expect(body.task).toBe(name);
    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row.output).toBe(body.summary);
    expect(row.task_id).toBe(created.body.id);
  });

  it("sends a chat transcript, which extraction cannot summarize, to the large model", async () => {
    const double = openAiDouble({ kind: "text", content: "The team will decide at tomorrow's standup whether to ship on Friday; the export fix is ready and the login bug is still open." });
    const { status, body } = await apiJson("/v1/summarize", { env: OPENAI_ENV, body: { text: TRANSCRIPT } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tier: "large", status: "ok", text_kind: "dialogue" });
    expect(body.fallback).toMatchObject({ reason: "low_confidence", from: "edge", to: "large", outcome: "answered" });
    expect(body.summary).toMatch(/standup/);
    expect(double.requests[0].body.messages[0].content).toMatch(/at most \d+ words/);
    expect(double.requests[0].body.messages[1].content).toContain("<text>\nAnna:");
    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row.tiers.map((t: any) => t.tier)).toEqual(["edge", "large"]);
    expect(row.tiers[0].confidence).toBeLessThan(0.35);
  });

  it("degrades to the edge summary, with the reason, when the large model fails", async () => {
    openAiDouble({ kind: "status", status: 502 });
    const { status, body } = await apiJson("/v1/summarize", { env: OPENAI_ENV, body: { text: TRANSCRIPT } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tier: "edge", status: "degraded", fallback: { outcome: "failed", error: { code: "server_error" } } });
    expect(body.summary.length).toBeGreaterThan(0);
  });

  it("refuses a large-model summary that is empty, too long, or echoes the prompt", async () => {
    const tooLong = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    for (const [content, code] of [
      ["", "empty_output"],
      [tooLong, "invalid_output"],
      ["<text>\nAnna: ok so are we shipping on friday?\n</text>", "invalid_output"],
    ] as const) {
      openAiDouble({ kind: "text", content });
      const { body } = await apiJson("/v1/summarize", { env: OPENAI_ENV, body: { text: TRANSCRIPT, max_words: 40 } });
      expect(body.status, content.slice(0, 20)).toBe("degraded");
      expect(body.fallback.error.code).toBe(code);
      vi.restoreAllMocks();
    }
  });

  it("summarizes a batch of up to 20 texts, one decision each", async () => {
    const { status, body } = await apiJson("/v1/summarize", { body: { texts: [ARTICLE, ARTICLE.slice(0, 600)] } });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(2);
    expect(body.results[0].decision_id).not.toBe(body.results[1].decision_id);
    const tooMany = await apiJson("/v1/summarize", { body: { texts: Array.from({ length: 21 }, () => ARTICLE) } });
    expect(tooMany.status).toBe(400);
  });

  it("refuses a classification task, bad lengths and oversized text", async () => {
    const name = uniqueName("cls");
    await apiJson("/v1/tasks", { body: { name, labels: ["a", "b"] } });
    expect((await apiJson("/v1/summarize", { body: { task: name, text: ARTICLE } })).status).toBe(400);
    expect((await apiJson("/v1/summarize", { body: { text: ARTICLE, ratio: 1.5 } })).status).toBe(400);
    expect((await apiJson("/v1/summarize", { body: { text: ARTICLE, max_words: 0 } })).status).toBe(400);
    expect((await apiJson("/v1/summarize", { body: { text: "x".repeat(70_000) } })).status).toBe(413);
  });

  it("uses Workers AI's BART as a middle tier when a task asks for it", async () => {
    const name = uniqueName("sum");
    await apiJson("/v1/tasks", {
      body: { name, kind: "summarize", tiers: [{ provider: "edge" }, { provider: "workers-ai", model: "@cf/facebook/bart-large-cnn", threshold: 0.5 }, { provider: "workers-ai" }] },
    });
    const calls: { model: string; inputs: any }[] = [];
    const ai = {
      async run(model: string, inputs: any) {
        calls.push({ model, inputs });
        return { summary: "The team may ship on Friday after fixing a login bug." };
      },
    };
    const { body } = await apiJson("/v1/summarize", { env: { LARGE_PROVIDER: "workers-ai", AI: ai as unknown as Ai }, body: { task: name, text: TRANSCRIPT } });
    expect(body).toMatchObject({ tier: "middle", model: "@cf/facebook/bart-large-cnn", status: "ok", summary: "The team may ship on Friday after fixing a login bug." });
    expect(calls).toHaveLength(1);
    expect(calls[0].inputs).toMatchObject({ input_text: TRANSCRIPT });
  });
});

import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble, workersAiDouble, type Behaviour } from "../support/large-model-doubles.ts";
import { createTrainedTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

let task: any;
beforeAll(async () => {
  // A threshold no edge answer reaches, so every request asks the large model.
  task = await createTrainedTask({ threshold: 0.999 });
});

const TEXT = "my invoice page shows an error";

const failures: { name: string; behaviour: Behaviour; code: string }[] = [
  { name: "hangs past the timeout", behaviour: { kind: "hang" }, code: "timeout" },
  { name: "answers 429", behaviour: { kind: "status", status: 429 }, code: "rate_limited" },
  { name: "answers 503", behaviour: { kind: "status", status: 503 }, code: "server_error" },
  { name: "returns malformed JSON", behaviour: { kind: "malformed" }, code: "malformed_output" },
  { name: "returns an empty reply", behaviour: { kind: "empty" }, code: "empty_output" },
  { name: "answers a label outside the set", behaviour: answer("refund_department"), code: "label_outside_set" },
];

async function expectDegraded(body: any, code: string, attempts: number) {
  expect(body.status).toBe("degraded");
  expect(body.tier).toBe("edge");
  expect(["billing", "bug", "account"]).toContain(body.label);
  expect(body.fallback).toMatchObject({ reason: "low_confidence", from: "edge", to: "large", outcome: "failed", error: { code } });
  const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
  expect(row).toMatchObject({ status: "degraded", tier: "edge", output: body.label, fallback: { reason: "low_confidence", outcome: "failed" } });
  expect(row.tiers).toHaveLength(2);
  expect(row.tiers[1]).toMatchObject({ tier: "large", output: null, attempts, error: { code } });
}

describe("OpenAI-compatible large model failures", () => {
  for (const { name, behaviour, code } of failures) {
    it(`when it ${name}, retries, then answers with the edge label marked degraded`, async () => {
      const double = openAiDouble(behaviour);
      const { status, body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
      expect(status).toBe(200);
      expect(double.requests).toHaveLength(3);
      await expectDegraded(body, code, 3);
    });
  }

  it("does not retry a 400: another attempt cannot help", async () => {
    const double = openAiDouble({ kind: "status", status: 400 });
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    expect(double.requests).toHaveLength(1);
    await expectDegraded(body, "client_error", 1);
  });

  it("recovers when a retry succeeds, and counts every attempt's tokens", async () => {
    const double = openAiDouble({ kind: "status", status: 429, retryAfter: "0" }, { kind: "malformed" }, answer("bug"));
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    expect(double.requests).toHaveLength(3);
    expect(body).toMatchObject({ status: "ok", tier: "large", label: "bug", fallback: { outcome: "answered" } });
    const row = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(row.tiers[1].attempts).toBe(3);
  });

  it("gives up within the deadline when Retry-After asks for more time than is left", async () => {
    const double = openAiDouble({ kind: "status", status: 429, retryAfter: "60" });
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    expect(double.requests).toHaveLength(1);
    await expectDegraded(body, "rate_limited", 1);
  });

  it("sends the label set as a JSON schema enum and the text inside delimiters", async () => {
    const double = openAiDouble(answer("bug"));
    await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
    const sent = double.requests[0].body;
    expect(sent.model).toBe(OPENAI_ENV.OPENAI_MODEL);
    expect(sent.response_format.type).toBe("json_schema");
    expect(sent.response_format.json_schema.schema.properties.label.enum).toEqual(["billing", "bug", "account"]);
    expect(sent.messages[1].content).toBe(`<text>\n${TEXT}\n</text>`);
    expect(sent.messages[0].content).toContain("Charges, invoices, refunds");
  });
});

describe("Workers AI large model failures", () => {
  const aiEnv = (ai: unknown) => ({ LARGE_PROVIDER: "workers-ai", AI: ai as Ai });

  it("answers through the AI binding with JSON mode", async () => {
    const ai = workersAiDouble(answer("account", 0.8));
    const { body } = await apiJson("/v1/classify", { env: aiEnv(ai), body: { task: task.name, text: TEXT } });
    expect(body).toMatchObject({ status: "ok", tier: "large", label: "account", model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast" });
    expect(body.usage).toEqual({ input_tokens: 175, output_tokens: 11, estimated: false });
    expect(ai.calls[0].model).toBe("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
    expect(ai.calls[0].inputs.response_format).toMatchObject({ type: "json_schema", json_schema: { properties: { label: { enum: ["billing", "bug", "account"] } } } });
  });

  it("accepts a JSON reply given as a string", async () => {
    const ai = workersAiDouble({ kind: "text", content: '```json\n{"label": "bug", "confidence": 0.7}\n```' });
    const { body } = await apiJson("/v1/classify", { env: aiEnv(ai), body: { task: task.name, text: TEXT } });
    expect(body).toMatchObject({ status: "ok", label: "bug" });
  });

  for (const { name, behaviour, code } of failures) {
    it(`when it ${name}, degrades to the edge answer`, async () => {
      const ai = workersAiDouble(behaviour);
      const { status, body } = await apiJson("/v1/classify", { env: aiEnv(ai), body: { task: task.name, text: TEXT } });
      expect(status).toBe(200);
      expect(ai.calls).toHaveLength(3);
      await expectDegraded(body, code, 3);
    });
  }

  it("runs a middle tier before the large one, and stops there when it is sure enough", async () => {
    const ai = workersAiDouble(answer("billing", 0.95));
    const env = { ...aiEnv(ai), MIDDLE_MODEL: "@cf/meta/llama-3.1-8b-instruct-fp8-fast", MIDDLE_THRESHOLD: "0.9" };
    const { body } = await apiJson("/v1/classify", { env, body: { task: task.name, text: TEXT } });
    expect(body).toMatchObject({ tier: "middle", model: "@cf/meta/llama-3.1-8b-instruct-fp8-fast", label: "billing" });
    expect(ai.calls).toHaveLength(1);
  });

  it("moves on from an unsure middle tier to the large one", async () => {
    const ai = workersAiDouble(answer("billing", 0.5), answer("bug", 0.6));
    const env = { ...aiEnv(ai), MIDDLE_MODEL: "@cf/meta/llama-3.1-8b-instruct-fp8-fast", MIDDLE_THRESHOLD: "0.9" };
    const { body } = await apiJson("/v1/classify", { env, body: { task: task.name, text: TEXT } });
    expect(body).toMatchObject({ tier: "large", label: "bug", status: "ok" });
    expect(ai.calls.map((c) => c.model)).toEqual(["@cf/meta/llama-3.1-8b-instruct-fp8-fast", "@cf/meta/llama-3.3-70b-instruct-fp8-fast"]);
  });
});

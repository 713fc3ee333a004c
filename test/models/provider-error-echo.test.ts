import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_ERROR_MESSAGE_CHARS, withoutInput } from "../../src/models/provider-error.ts";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, chatCompletion } from "../support/large-model-doubles.ts";
import { createTrainedTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

const TEXT = "Quetzalcoatl Holdings billed my Zebra-striped card twice on the fourth of March, refund it now";

/** Every 12-character stretch of the text, lowercased: none may appear in what is stored. */
function fragments(text: string): string[] {
  const lower = text.toLowerCase();
  return Array.from({ length: lower.length - 11 }, (_, i) => lower.slice(i, i + 12));
}

function expectNoQuote(stored: unknown, label: string) {
  const json = JSON.stringify(stored).toLowerCase();
  for (const fragment of fragments(TEXT)) expect(json, `${label} quotes "${fragment}"`).not.toContain(fragment);
  expect(json, label).not.toContain("quetzalcoatl");
}

/** An endpoint whose error answers repeat the request, as some servers' 400s do. */
function echoingEndpoint(kind: "json" | "text" | "refusal") {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (!request.url.startsWith(OPENAI_ENV.OPENAI_BASE_URL)) throw new Error(`unexpected fetch to ${request.url}`);
    const raw = await request.text();
    const body = JSON.parse(raw);
    if (kind === "json") {
      return Response.json({ error: { message: `Invalid 'messages[1].content': ${JSON.stringify(body.messages[1].content)} is not valid`, type: "invalid_request_error", code: "invalid_value" } }, { status: 400 });
    }
    if (kind === "text") return new Response(`Bad Request: could not process ${raw}`, { status: 422, headers: { "content-type": "text/plain" } });
    const completion = chatCompletion("");
    (completion.choices[0].message as any).refusal = `I cannot act on "${TEXT.toUpperCase()}".`;
    return Response.json(completion);
  });
}

let task: any;
beforeAll(async () => {
  // A threshold no edge answer reaches, so every request asks the large model.
  task = await createTrainedTask({ threshold: 0.999 });
});

describe("provider error texts stored in decisions never quote the input", () => {
  for (const kind of ["json", "text", "refusal"] as const) {
    it(`an endpoint whose ${kind} error echoes the prompt: the response, GET /v1/decisions/{id} and the row keep the error without the text`, async () => {
      echoingEndpoint(kind);
      const { status, body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: TEXT } });
      expect(status).toBe(200);
      expect(body.fallback).toMatchObject({ outcome: "failed", error: { code: kind === "refusal" ? "invalid_output" : "client_error" } });
      expectNoQuote(body, "the response");

      const decision = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
      const large = decision.tiers.find((t: any) => t.tier === "large");
      // Still says what went wrong.
      expect(large.error.message).toMatch(kind === "json" ? /HTTP 400: \(invalid_request_error, invalid_value\) Invalid 'messages\[1\]\.content': "<text> \[input\]/ : kind === "text" ? /HTTP 422: Bad Request: could not process \{"model"/ : /refused: I cannot act on "\[input\]/);
      expect(large.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
      expectNoQuote(decision, "GET /v1/decisions/{id}");

      const row = await env.DB.prepare("SELECT * FROM decisions WHERE id = ?").bind(body.decision_id).first();
      expect(row).toBeTruthy();
      expectNoQuote(row, "the decisions row");
    });
  }

  it("through the AI binding, an error message that repeats the messages keeps no part of the text", async () => {
    const ai = {
      async run(_model: string, inputs: any) {
        throw new Error(`5006: Input validation failed for ${JSON.stringify(inputs.messages[1])}`);
      },
    };
    const { body } = await apiJson("/v1/classify", { env: { LARGE_PROVIDER: "workers-ai", AI: ai as unknown as Ai }, body: { task: task.name, text: TEXT } });
    expect(body.fallback).toMatchObject({ outcome: "failed", error: { code: "server_error" } });
    const decision = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
    expect(decision.tiers.find((t: any) => t.tier === "large").error.message).toMatch(/^5006: Input validation failed for \{"role":"user","content":"<text> \[input\]/);
    expectNoQuote(body, "the response");
    expectNoQuote(decision, "GET /v1/decisions/{id}");
    expectNoQuote(await env.DB.prepare("SELECT * FROM decisions WHERE id = ?").bind(body.decision_id).first(), "the decisions row");
  });
});

describe("withoutInput", () => {
  it("takes out stretches of the input however they are framed: case, whitespace, JSON escapes", () => {
    const input = 'My "secret" order\nnumber is 4711-0815, deliver to Baker Street';
    const echoed = `HTTP 400: ${JSON.stringify({ content: input.toUpperCase() })}`;
    const cleaned = withoutInput(echoed, input);
    expect(cleaned).toContain("[input]");
    expect(cleaned.toLowerCase()).not.toContain("baker street");
    expect(cleaned.toLowerCase()).not.toContain("4711-0815");
    expect(cleaned).toMatch(/^HTTP 400: /);
  });

  it("leaves a message that quotes nothing as it is, and takes out a short input where it occurs whole", () => {
    expect(withoutInput("gpt-x answered HTTP 429: (rate_limit_exceeded) Rate limit reached", "refund my invoice please")).toBe("gpt-x answered HTTP 429: (rate_limit_exceeded) Rate limit reached");
    expect(withoutInput("bad input: hi there, HI THERE", "hi there")).toBe("bad input: [input], [input]");
    expect(withoutInput("a message", "a")).toBe("a message");
  });

  it("caps the message and stays fast on a 64 KB input", () => {
    const input = Array.from({ length: 9000 }, (_, i) => `w${i}`).join(" ").slice(0, 64_000);
    const message = `upstream: ${"x".repeat(1000)}`;
    const started = performance.now();
    const cleaned = withoutInput(message, input);
    expect(performance.now() - started).toBeLessThan(200);
    expect(cleaned.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
  });
});

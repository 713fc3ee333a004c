import { describe, expect, it } from "vitest";
import { callCostUsd, modelPrice, unambiguousPrices, type ModelPrice, type ProviderPrices } from "../../src/models/pricing.ts";

const none = new Map<string, ModelPrice>();
const openAi = (modelId: string, baseUrl = "https://llm.example.test/v1") => ({ provider: "openai-compatible" as const, modelId, baseUrl });

describe("the price of a remote model", () => {
  it("Workers AI models have Cloudflare's published prices", () => {
    expect(modelPrice({ provider: "workers-ai", modelId: "@cf/meta/llama-3.3-70b-instruct-fp8-fast" }, none)).toEqual({ inputPerMillionUsd: 0.293, outputPerMillionUsd: 2.253 });
    expect(modelPrice({ provider: "workers-ai", modelId: "@cf/meta/llama-3.1-8b-instruct-fp8-fast" }, none)).toEqual({ inputPerMillionUsd: 0.045, outputPerMillionUsd: 0.384 });
    expect(modelPrice({ provider: "workers-ai", modelId: "@cf/meta/llama-3.2-1b-instruct" }, none)).toEqual({ inputPerMillionUsd: 0.027, outputPerMillionUsd: 0.201 });
  });

  it("a model in no table has no price, whoever serves it", () => {
    expect(modelPrice(openAi("acme-private-13b"), none)).toBeNull();
    expect(modelPrice({ provider: "workers-ai", modelId: "gpt-4o-mini" }, none)).toBeNull();
    expect(modelPrice(openAi("llama3.1:8b", "http://localhost:11434/v1"), none)).toBeNull();
  });

  it("the endpoint's provider prices its models: OpenAI, Groq", () => {
    expect(modelPrice(openAi("gpt-4o-mini", "https://api.openai.com/v1"), none)).toEqual({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
    expect(modelPrice(openAi("gpt-4.1", "https://api.openai.com/v1"), none)).toEqual({ inputPerMillionUsd: 2, outputPerMillionUsd: 8 });
    expect(modelPrice(openAi("llama-3.3-70b-versatile", "https://api.groq.com/openai/v1"), none)).toEqual({ inputPerMillionUsd: 0.59, outputPerMillionUsd: 0.79 });
    // The same id at another provider's price is not taken for this one.
    expect(modelPrice(openAi("gpt-4o-mini", "https://api.groq.com/openai/v1"), none)).toBeNull();
  });

  it("elsewhere, an exact id only one price is listed for, or a provider-prefixed id", () => {
    expect(modelPrice(openAi("gpt-4o-mini-2024-07-18"), none)).toEqual({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
    expect(modelPrice(openAi("@cf/meta/llama-3.3-70b-instruct-fp8-fast"), none)).toEqual({ inputPerMillionUsd: 0.293, outputPerMillionUsd: 2.253 });
    expect(modelPrice(openAi("openai/gpt-4.1"), none)).toEqual({ inputPerMillionUsd: 2, outputPerMillionUsd: 8 });
    expect(modelPrice(openAi("groq/llama-3.1-8b-instant"), none)).toEqual({ inputPerMillionUsd: 0.05, outputPerMillionUsd: 0.08 });
    // An exact id comes before a prefix: Groq's id `openai/gpt-oss-120b`, not OpenAI's `gpt-oss-120b` (0.039/0.18).
    expect(modelPrice(openAi("openai/gpt-oss-120b"), none)).toEqual({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
    expect(modelPrice(openAi("accounts/fireworks/models/gpt-oss-120b", "https://api.fireworks.ai/inference/v1"), none)).toEqual({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
  });

  it("an id two providers list at different prices has no price unless the endpoint says which provider", () => {
    const a = { inputPerMillionUsd: 1, outputPerMillionUsd: 2 };
    const b = { inputPerMillionUsd: 3, outputPerMillionUsd: 4 };
    const table: ProviderPrices[] = [
      { id: "one", apiPattern: "https://one", models: { shared: a, same: a, own: a } },
      { id: "two", apiPattern: "https://two", models: { shared: b, same: a } },
    ];
    expect(Object.fromEntries(unambiguousPrices(table))).toEqual({ same: a, own: a });
  });

  it("the operator's MODEL_PRICES win, by exact id", () => {
    const own = new Map([["gpt-4o-mini", { inputPerMillionUsd: 1, outputPerMillionUsd: 2 }], ["acme-private-13b", { inputPerMillionUsd: 0, outputPerMillionUsd: 0 }]]);
    expect(modelPrice(openAi("gpt-4o-mini", "https://api.openai.com/v1"), own)).toEqual({ inputPerMillionUsd: 1, outputPerMillionUsd: 2 });
    expect(modelPrice(openAi("acme-private-13b"), own)).toEqual({ inputPerMillionUsd: 0, outputPerMillionUsd: 0 });
    expect(modelPrice(openAi("openai/gpt-4o-mini"), own)).toEqual({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
  });

  it("an id that names an Object property is no model", () => {
    for (const id of ["constructor", "toString", "__proto__", "openai/constructor", "hasOwnProperty"]) {
      expect(modelPrice(openAi(id), none)).toBeNull();
      expect(modelPrice(openAi(id, "https://api.openai.com/v1"), none)).toBeNull();
      expect(modelPrice({ provider: "workers-ai", modelId: id }, none)).toBeNull();
    }
  });
});

describe("the cost of a tier's calls", () => {
  const price = { inputPerMillionUsd: 2, outputPerMillionUsd: 10 };

  it("is tokens times the price", () => {
    expect(callCostUsd(price, { inputTokens: 180, outputTokens: 12 }, 1)).toBeCloseTo(480e-6, 12);
    expect(callCostUsd(price, { inputTokens: 0, outputTokens: 0 }, 3)).toBe(0);
  });

  it("is unknown when a call was made to a model without a price, even one that reported no tokens", () => {
    expect(callCostUsd(null, { inputTokens: 180, outputTokens: 12 }, 1)).toBeNull();
    expect(callCostUsd(null, { inputTokens: 0, outputTokens: 0 }, 2)).toBeNull();
  });

  it("is 0 when no call was made", () => {
    expect(callCostUsd(null, { inputTokens: 0, outputTokens: 0 }, 0)).toBe(0);
  });
});

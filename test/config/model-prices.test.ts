import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../src/config.ts";

const withPrices = (MODEL_PRICES: unknown) => readConfig({ ...env, MODEL_PRICES } as unknown as Env);

describe("MODEL_PRICES", () => {
  it("is empty when unset or blank", () => {
    expect(withPrices(undefined).MODEL_PRICES.size).toBe(0);
    expect(withPrices("  ").MODEL_PRICES.size).toBe(0);
  });

  it("maps model ids to USD per million input and output tokens, from JSON or a wrangler.toml table", () => {
    const json = withPrices('{"acme-13b": {"input_per_million_usd": 0.5, "output_per_million_usd": 1.5}, "llama3.1:8b": {"input_per_million_usd": 0, "output_per_million_usd": 0}}');
    expect(Object.fromEntries(json.MODEL_PRICES)).toEqual({
      "acme-13b": { inputPerMillionUsd: 0.5, outputPerMillionUsd: 1.5 },
      "llama3.1:8b": { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
    });
    const table = withPrices({ "acme-13b": { input_per_million_usd: 2, output_per_million_usd: 3 } });
    expect(table.MODEL_PRICES.get("acme-13b")).toEqual({ inputPerMillionUsd: 2, outputPerMillionUsd: 3 });
  });

  const invalid: [string, unknown, RegExp][] = [
    ["is not JSON", '{"acme-13b": {input_per_million_usd: 1}}', /MODEL_PRICES is not JSON/],
    ["is not an object", "[1, 2]", /MODEL_PRICES must be a JSON object/],
    ["has a price that is not an object", '{"acme-13b": 0.5}', /MODEL_PRICES\.acme-13b: MODEL_PRICES maps each model id to/],
    ["misses the output price", '{"acme-13b": {"input_per_million_usd": 1}}', /MODEL_PRICES\.acme-13b\.output_per_million_usd: output_per_million_usd must be a number/],
    ["gives a price as a string", '{"acme-13b": {"input_per_million_usd": "1", "output_per_million_usd": 2}}', /MODEL_PRICES\.acme-13b\.input_per_million_usd: input_per_million_usd must be a number/],
    ["has a negative price", '{"acme-13b": {"input_per_million_usd": -1, "output_per_million_usd": 2}}', /MODEL_PRICES\.acme-13b\.input_per_million_usd: input_per_million_usd must not be negative/],
    ["has a misspelt field", '{"acme-13b": {"input_per_million_usd": 1, "output_per_million_usd": 2, "currency": "EUR"}}', /MODEL_PRICES\.acme-13b.*currency/],
    ["has an empty model id", '{"": {"input_per_million_usd": 1, "output_per_million_usd": 2}}', /MODEL_PRICES has an empty model id/],
  ];
  for (const [name, value, message] of invalid) {
    it(`fails with a ConfigError naming the problem when it ${name}`, () => {
      expect(() => withPrices(value)).toThrow(ConfigError);
      expect(() => withPrices(value)).toThrow(message);
    });
  }
});

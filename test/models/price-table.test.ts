import * as genai from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { PRICE_SOURCE, PROVIDER_PRICES } from "../../src/models/price-table.ts";
import { PRICED_PROVIDERS, selectProviderPrices } from "../../scripts/price-table-source.ts";

const MILLION = { input_tokens: 1_000_000, output_tokens: 1_000_000 };

describe("the built-in price table", () => {
  it("is what `npm run prices:generate` makes from the installed @pydantic/genai-prices (run it after updating the package)", () => {
    expect(PROVIDER_PRICES).toEqual(selectProviderPrices(genai));
  });

  it("prices every model as the package's own lookup does", () => {
    let checked = 0;
    for (const provider of PROVIDER_PRICES) {
      for (const [id, price] of Object.entries(provider.models)) {
        const priced = genai.calcPrice(MILLION, id, { providerId: provider.id });
        expect({ provider: provider.id, id, input: priced?.input_price, output: priced?.output_price }).toEqual({
          provider: provider.id,
          id,
          input: price.inputPerMillionUsd,
          output: price.outputPerMillionUsd,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("covers Workers AI and the common OpenAI-compatible hosts", () => {
    expect(PROVIDER_PRICES.map((provider) => provider.id)).toEqual([...PRICED_PROVIDERS]);
    const models = (id: string) => Object.keys(PROVIDER_PRICES.find((provider) => provider.id === id)!.models);
    expect(models("cloudflare")).toEqual(expect.arrayContaining(["@cf/meta/llama-3.3-70b-instruct-fp8-fast", "@cf/meta/llama-3.1-8b-instruct-fp8-fast", "@cf/meta/llama-3.2-1b-instruct"]));
    expect(models("openai")).toEqual(expect.arrayContaining(["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini"]));
    expect(models("groq")).toEqual(expect.arrayContaining(["llama-3.3-70b-versatile", "llama-3.1-8b-instant"]));
    expect(PRICE_SOURCE).toMatch(/^@pydantic\/genai-prices@\d+\.\d+\.\d+$/);
  });
});

/**
 * Which prices the built-in table takes from `@pydantic/genai-prices`, shared by the generator
 * and the parity test: chat models of the providers below with one flat price per million input
 * and output tokens (tiered, time-of-day and dated prices are left to MODEL_PRICES), listed
 * under their id and every exact alias, each kept only where the package's own lookup
 * (`calcPrice`) gives that id the same price.
 */
import type { calcPrice, findProvider, MatchLogic, Provider } from "@pydantic/genai-prices";
import type { ModelPrice, ProviderPrices } from "../src/models/pricing.ts";

/** Workers AI first; then the OpenAI-compatible hosts people point OPENAI_BASE_URL at. */
export const PRICED_PROVIDERS = ["cloudflare", "openai", "groq", "together", "fireworks", "mistral", "deepseek"] as const;

/** The package's lookups, passed in so the Worker's tests can run this against the same data. */
export interface GenaiPrices {
  findProvider: typeof findProvider;
  calcPrice: typeof calcPrice;
}

const MILLION = { input_tokens: 1_000_000, output_tokens: 1_000_000 };

export function selectProviderPrices(genai: GenaiPrices): ProviderPrices[] {
  return PRICED_PROVIDERS.map((id) => {
    const provider = genai.findProvider({ providerId: id });
    if (!provider) throw new Error(`@pydantic/genai-prices has no provider ${id}`);
    const models: Record<string, ModelPrice> = {};
    for (const model of provider.models) {
      const price = flatPrice(model.prices);
      if (!price) continue;
      for (const alias of new Set([model.id, ...exactAliases(model.match)])) {
        const priced = genai.calcPrice(MILLION, alias, { providerId: id });
        if (priced?.input_price === price.inputPerMillionUsd && priced.output_price === price.outputPerMillionUsd) models[alias] ??= price;
      }
    }
    return { id, apiPattern: provider.api_pattern, models: sortedByKey(models) };
  });
}

function flatPrice(prices: Provider["models"][number]["prices"]): ModelPrice | null {
  if (Array.isArray(prices)) return null;
  const input = prices.input_mtok;
  const output = prices.output_mtok;
  if (typeof input !== "number" || typeof output !== "number") return null;
  return { inputPerMillionUsd: input, outputPerMillionUsd: output };
}

/** The ids a model matches exactly: an `equals`, or `equals` under `or`; patterns are skipped. */
function exactAliases(match: MatchLogic): string[] {
  if ("equals" in match) return [match.equals];
  if ("or" in match) return match.or.flatMap(exactAliases);
  return [];
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

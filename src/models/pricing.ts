/**
 * What a model call costs, for the decision log: the price of a remote model (the operator's
 * `MODEL_PRICES` first, then the built-in table generated from `@pydantic/genai-prices`), the
 * cost of a tier's calls, and the token estimate used when a provider reports no usage.
 * A model without a known price has an unknown cost (null), never 0.
 */
import { PROVIDER_PRICES } from "./price-table.ts";
import type { Usage } from "./provider.ts";

/** USD per million tokens. */
export interface ModelPrice {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
}

/** One hosted provider's prices, as the generated table lists them. */
export interface ProviderPrices {
  /** genai-prices' provider id (`openai`, `groq`, `cloudflare`, ...). */
  readonly id: string;
  /** A regular expression matching the provider's API base URL. */
  readonly apiPattern: string;
  readonly models: Readonly<Record<string, ModelPrice>>;
}

/** Operator prices by exact model id (validated `MODEL_PRICES`). */
export type OperatorPrices = ReadonlyMap<string, ModelPrice>;

/** Where a remote model is called: the price of a model id can depend on who serves it. */
export interface PricedModel {
  provider: "workers-ai" | "openai-compatible";
  modelId: string;
  /** The OpenAI-compatible endpoint, when that is the provider. */
  baseUrl?: string;
}

export const FREE: ModelPrice = { inputPerMillionUsd: 0, outputPerMillionUsd: 0 };

const WORKERS_AI = "cloudflare";

const ownPrice = (models: Readonly<Record<string, ModelPrice>>, id: string): ModelPrice | null =>
  Object.hasOwn(models, id) ? models[id] : null;

/** The prices of model ids listed by one provider only, or by several at the same price. */
export function unambiguousPrices(providers: readonly ProviderPrices[]): ReadonlyMap<string, ModelPrice> {
  const byId = new Map<string, ModelPrice | null>();
  for (const provider of providers) {
    for (const [id, price] of Object.entries(provider.models)) {
      const seen = byId.get(id);
      if (seen === undefined) byId.set(id, price);
      else if (seen && !samePrice(seen, price)) byId.set(id, null);
    }
  }
  return new Map([...byId].filter((entry): entry is [string, ModelPrice] => entry[1] !== null));
}

const UNAMBIGUOUS = unambiguousPrices(PROVIDER_PRICES);

function samePrice(a: ModelPrice, b: ModelPrice): boolean {
  return a.inputPerMillionUsd === b.inputPerMillionUsd && a.outputPerMillionUsd === b.outputPerMillionUsd;
}

/** Each provider's API address pattern, compiled once. */
const PROVIDER_HOSTS = PROVIDER_PRICES.map((provider) => [new RegExp(provider.apiPattern), provider] as const);

/** The deployment's price of a remote model: `modelPrice` with the configured endpoint and `MODEL_PRICES`. */
export function remoteModelPrice(
  settings: { OPENAI_BASE_URL?: string; MODEL_PRICES: OperatorPrices },
  provider: PricedModel["provider"],
  modelId: string,
): ModelPrice | null {
  return modelPrice({ provider, modelId, baseUrl: settings.OPENAI_BASE_URL }, settings.MODEL_PRICES);
}

/**
 * The price of a remote model, or null when it is not known. In order: the operator's price for
 * the exact model id; for Workers AI, Cloudflare's price; for an OpenAI-compatible endpoint,
 * the price of the provider whose API the base URL is (api.openai.com, api.groq.com, ...), then
 * the exact id if every provider listing it agrees on the price, then a provider-prefixed id
 * (`openai/gpt-4o-mini`, as gateways name models) at that provider's price.
 */
export function modelPrice(model: PricedModel, operatorPrices: OperatorPrices): ModelPrice | null {
  const own = operatorPrices.get(model.modelId);
  if (own) return own;
  if (model.provider === "workers-ai") {
    const cloudflare = PROVIDER_PRICES.find((provider) => provider.id === WORKERS_AI);
    return cloudflare ? ownPrice(cloudflare.models, model.modelId) : null;
  }
  const host = model.baseUrl ? PROVIDER_HOSTS.find(([pattern]) => pattern.test(model.baseUrl!))?.[1] : undefined;
  if (host) return ownPrice(host.models, model.modelId);
  const exact = UNAMBIGUOUS.get(model.modelId);
  if (exact) return exact;
  const slash = model.modelId.indexOf("/");
  if (slash <= 0) return null;
  const prefixed = PROVIDER_PRICES.find((provider) => provider.id === model.modelId.slice(0, slash));
  return prefixed ? ownPrice(prefixed.models, model.modelId.slice(slash + 1)) : null;
}

/**
 * USD cost of a tier's calls: null when calls were made to a model without a known price,
 * whatever tokens they reported (a failed call may have been billed). No call costs 0.
 */
export function callCostUsd(price: ModelPrice | null, usage: Usage, calls: number): number | null {
  if (calls === 0) return 0;
  if (!price) return null;
  return (usage.inputTokens * price.inputPerMillionUsd + usage.outputTokens * price.outputPerMillionUsd) / 1_000_000;
}

/** Characters per token for English text with Llama-family tokenizers (a common rule of thumb). */
export const CHARS_PER_TOKEN = 4;

/** Estimated token count of a text: ceil(characters / 4), at least 1 for a non-empty text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

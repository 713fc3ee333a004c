/**
 * Published Workers AI prices and a token estimate, for cost accounting of LLM calls.
 * Prices are USD per million tokens (Cloudflare Workers AI pricing page).
 */

export interface ModelPrice {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
}

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  "@cf/meta/llama-3.3-70b-instruct-fp8-fast": { inputPerMillionUsd: 0.293, outputPerMillionUsd: 2.253 },
  "@cf/meta/llama-3.1-8b-instruct-fp8-fast": { inputPerMillionUsd: 0.045, outputPerMillionUsd: 0.384 },
  "@cf/meta/llama-3.2-1b-instruct": { inputPerMillionUsd: 0.027, outputPerMillionUsd: 0.201 },
};

/** Characters per token for English text with Llama-family tokenizers (a common rule of thumb). */
export const CHARS_PER_TOKEN = 4;

/** Estimated token count of a text: ceil(characters / 4), at least 1 for a non-empty text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** USD cost of one call; a model without a published price costs 0 here (check `MODEL_PRICES`). */
export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const price = MODEL_PRICES[model];
  if (!price) return 0;
  return (inputTokens * price.inputPerMillionUsd + outputTokens * price.outputPerMillionUsd) / 1_000_000;
}

/**
 * A simulated large model as a cascade tier: it answers the gold label with a given
 * probability, else a seeded wrong label, and is priced at a named model's published prices
 * for the prompt the service would really send (src/models/classification-prompt.ts).
 */
import type { Tier } from "../src/cascade/types.ts";
import { classificationMessages } from "../src/models/classification-prompt.ts";
import { callCostUsd, estimateTokens, modelPrice } from "../src/models/pricing.ts";

/** The simulated large model is billed at its Workers AI price (the bench refuses a model without one). */
const costUsd = (model: string, inputTokens: number, outputTokens: number): number =>
  callCostUsd(modelPrice({ provider: "workers-ai", modelId: model }, new Map()), { inputTokens, outputTokens }, 1) ?? 0;

/** A JSON label reply such as {"label": "card_arrival", "confidence": 0.9} is about this many tokens. */
const OUTPUT_TOKENS = 14;

export interface SimulatedLargeModel {
  readonly model: string;
  readonly accuracy: number;
  /** The answer and its price for one text whose gold label is known to the simulation only. */
  answer(text: string, gold: string): { label: string; inputTokens: number; outputTokens: number; costUsd: number };
  tier(text: string, gold: string): Tier<string>;
}

export function simulatedLargeModel(labels: readonly string[], accuracy: number, model: string, random: () => number): SimulatedLargeModel {
  const labelSpecs = labels.map((name) => ({ name }));
  const answer = (text: string, gold: string) => {
    let label = gold;
    if (random() >= accuracy) {
      const wrong = labels.filter((l) => l !== gold);
      label = wrong[Math.floor(random() * wrong.length)] ?? gold;
    }
    const inputTokens = classificationMessages(text, labelSpecs).reduce((sum, m) => sum + estimateTokens(m.content), 0);
    return { label, inputTokens, outputTokens: OUTPUT_TOKENS, costUsd: costUsd(model, inputTokens, OUTPUT_TOKENS) };
  };
  return {
    model,
    accuracy,
    answer,
    tier: (text, gold) => ({
      name: "large",
      provider: "simulated",
      model,
      threshold: 0,
      retry: { maxAttempts: 1, timeoutMs: 1000, deadlineMs: 1000, baseDelayMs: 0 },
      async run() {
        const a = answer(text, gold);
        return { output: a.label, confidence: 1, usage: { inputTokens: a.inputTokens, outputTokens: a.outputTokens }, warnings: [] };
      },
      costUsd: (usage) => costUsd(model, usage.inputTokens, usage.outputTokens),
      energyWh: () => 0,
    }),
  };
}

/**
 * The simulated large tier of the classify benchmark and the cascade arithmetic. The large
 * model is not called: it is right with a given probability, and priced at real token prices.
 */
import { type LabelledText } from "./dataset.ts";
import { createRandom } from "../src/learn/random.ts";
import { simulatedLargeModel } from "./simulated-large-tier.ts";

export const PROMPT_NOTE =
  "tokens estimated at 4 characters a token for the messages the service sends (src/models/classification-prompt.ts: the label list and instructions, then the text), and a short JSON reply";

export interface SimulatedLarge {
  /** Whether the simulated answer for each test example is right. */
  readonly correct: boolean[];
  readonly costs: number[];
  readonly accuracy: number;
  readonly costPer1k: number;
  readonly tokens: { mean_input: number; output: number };
}

/** Simulates the large model on every test example (bench/simulated-large-tier.ts), once each. */
export function simulateLargeModel(test: readonly LabelledText[], labels: readonly string[], accuracy: number, model: string, seed: number): SimulatedLarge {
  const large = simulatedLargeModel(labels, accuracy, model, createRandom(seed ^ 0x1a76e));
  const answers = test.map((example) => ({ ...large.answer(example.text, example.label), gold: example.label }));
  const n = Math.max(1, test.length);
  const correct = answers.map((a) => a.label === a.gold);
  const costs = answers.map((a) => a.costUsd);
  return {
    correct,
    costs,
    accuracy: correct.filter(Boolean).length / n,
    costPer1k: (costs.reduce((sum, c) => sum + c, 0) / n) * 1000,
    tokens: { mean_input: Math.round(answers.reduce((sum, a) => sum + a.inputTokens, 0) / n), output: answers[0]?.outputTokens ?? 0 },
  };
}

/** Cascade at a threshold: the edge answers when its confidence >= threshold, else the large model (edge cost 0). */
export function cascadeAt(threshold: number, edge: readonly { label: string; gold: string; confidence: number }[], large: SimulatedLarge) {
  let edgeCount = 0;
  let right = 0;
  let cost = 0;
  edge.forEach((prediction, i) => {
    if (prediction.confidence >= threshold) {
      edgeCount++;
      if (prediction.label === prediction.gold) right++;
    } else {
      if (large.correct[i]) right++;
      cost += large.costs[i];
    }
  });
  const n = Math.max(1, edge.length);
  return { threshold, edge_share: edgeCount / n, accuracy: right / n, cost_per_1k_usd: (cost / n) * 1000 };
}

/** Shares of out-of-scope and in-scope texts deferred (confidence < threshold). */
export function oosAt(threshold: number, oos: readonly number[], inScope: readonly number[]) {
  return { threshold, oos_deferred: share(oos, threshold), in_scope_deferred: share(inScope, threshold) };
}

/** The threshold deferring the fewest in-scope texts among those deferring >= minOos of oos with <= maxInScope in-scope; null if none. */
export function bestOosThreshold(oos: readonly number[], inScope: readonly number[], minOos: number, maxInScope: number) {
  // Deferral shares only change at observed confidences, so those (nudged up) are the candidates.
  const candidates = [...new Set(oos)].map((c) => c + 1e-12).sort((a, b) => a - b);
  for (const threshold of candidates) {
    const point = oosAt(threshold, oos, inScope);
    if (point.oos_deferred >= minOos) return point.in_scope_deferred <= maxInScope ? point : null;
  }
  return null;
}

function share(confidences: readonly number[], threshold: number): number {
  return confidences.length > 0 ? confidences.filter((c) => c < threshold).length / confidences.length : 0;
}

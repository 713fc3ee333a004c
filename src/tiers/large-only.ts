/**
 * The counterfactual behind the savings: what a text would have cost, in USD and energy, had it
 * gone straight to the task's large model (the last remote tier of its cascade, or the
 * environment's configured large model when the cascade has none). Priced at decision time and
 * stored with the decision, so later price changes do not rewrite history.
 *
 * Tokens: the large tier's own reported usage when it answered the text; otherwise an estimate
 * from characters (`estimateTokens`): the prompt the large tier would have been sent (its fixed
 * part measured once per request, plus the text) and a reply the size of the answer given (a
 * label's JSON object, or the summary; for a text nobody answered, the word budget).
 */
import type { TaskKind } from "../../schema/enums.ts";
import type { Decision } from "../cascade/types.ts";
import type { Config } from "../config.ts";
import { classificationMessages } from "../models/classification-prompt.ts";
import { llmEnergyWh } from "../models/energy.ts";
import { callCostUsd, estimateTokens, remoteModelPrice } from "../models/pricing.ts";
import type { Usage } from "../models/provider.ts";
import { summarizationMessages } from "../models/summarization-prompt.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { CACHE_TIER } from "./answer-cache.ts";
import type { TierInput } from "./build.ts";
import { largeSpecIndex, type TierSpec } from "./tier-spec.ts";

export interface LargeOnlyEstimate {
  /** Null when the large model has no known price (MODEL_PRICES), never 0 for unknown. */
  costUsd: number | null;
  energyWh: number;
}

export type LargeOnlyEstimator = (input: TierInput, decision: Decision<string>) => LargeOnlyEstimate;

/** Words to tokens for English (about 0.75 words a token). */
const TOKENS_PER_WORD = 4 / 3;
/** The word budget assumed for a summary nobody wrote. */
const DEFAULT_SUMMARY_WORDS = 60;

/** The large model a task's texts would have gone to: provider and model id. */
function largeModelOf(config: Config, specs: readonly TierSpec[]): { provider: "workers-ai" | "openai-compatible"; modelId: string } {
  const spec = specs[largeSpecIndex(specs)] as TierSpec | undefined;
  const provider = spec && spec.provider !== "edge" ? spec.provider : config.LARGE_PROVIDER === "none" ? "workers-ai" : config.LARGE_PROVIDER;
  const fallbackModel = provider === "openai-compatible" ? (config.OPENAI_MODEL ?? config.LARGE_MODEL) : config.LARGE_MODEL;
  return { provider, modelId: spec?.model ?? fallbackModel };
}

/** The estimator for one request's texts: the large model's price and prompt resolved once. */
export function largeOnlyEstimator(config: Config, kind: TaskKind, task: TaskRow | null, specs: readonly TierSpec[]): LargeOnlyEstimator {
  const large = largeModelOf(config, specs);
  const price = remoteModelPrice(config, large.provider, large.modelId);
  const promptTokens = (messages: { content: string }[]) => estimateTokens(messages.map((message) => message.content).join("\n"));
  const fixedPromptTokens =
    kind === "classify" ? promptTokens(classificationMessages("", task?.labels ?? [], task?.description ?? undefined)) : promptTokens(summarizationMessages("", DEFAULT_SUMMARY_WORDS));
  return (input, decision) => {
    // The large model's own answer; a cache hit carries its model but no usage: it is estimated like an edge answer.
    const answered = decision.tiers.find(
      (attempt) => attempt.tier !== CACHE_TIER && attempt.model === large.modelId && attempt.provider === large.provider && attempt.output !== null,
    );
    const usage: Usage = answered?.usage ?? {
      inputTokens: fixedPromptTokens + estimateTokens(input.text),
      outputTokens: replyTokens(kind, decision.output, input.maxWords),
    };
    return { costUsd: callCostUsd(price, usage, 1), energyWh: llmEnergyWh(large.modelId, usage.inputTokens, usage.outputTokens) };
  };
}

function replyTokens(kind: TaskKind, output: string | null, maxWords: number | undefined): number {
  if (kind === "classify") return estimateTokens(JSON.stringify({ label: output ?? "", confidence: 0.95 }));
  if (output !== null) return estimateTokens(output);
  return Math.ceil((maxWords ?? DEFAULT_SUMMARY_WORDS) * TOKENS_PER_WORD);
}

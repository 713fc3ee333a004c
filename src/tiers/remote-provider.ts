import type { BudgetGuard } from "../budget/guard.ts";
import type { ChatModel } from "../models/chat-model.ts";
import { llmProvider } from "../models/llm-provider.ts";
import { openAiCompatibleChatModel } from "../models/openai-compatible.ts";
import type { ModelProvider } from "../models/provider.ts";
import { ProviderError } from "../models/provider-error.ts";
import { workersAiChatModel } from "../models/workers-ai.ts";
import { BART_MODEL, workersAiBartProvider } from "../models/workers-ai-bart.ts";
import type { Ports } from "../ports.ts";
import type { TierSpec } from "./tier-spec.ts";

/**
 * The remote provider a tier spec names, or why it cannot run here. Endpoints and keys come from
 * the environment only. Under a daily budget, every call first reserves its worst case (src/budget/).
 */
export function remoteProvider(ports: Pick<Ports, "config" | "ai" | "fetch" | "clock">, spec: TierSpec, budget: BudgetGuard | null = null): ModelProvider | ProviderError {
  const { config, ai } = ports;
  const metered = (chat: ChatModel) => (budget ? budget.chatModel(chat) : chat);
  if (spec.provider === "workers-ai") {
    if (!ai) return new ProviderError("not_configured", "Workers AI is not available here: the AI binding exists only in the production environment");
    if (spec.model === BART_MODEL) return budget ? budget.provider(workersAiBartProvider(ai, spec.model)) : workersAiBartProvider(ai, spec.model);
    return llmProvider(metered(workersAiChatModel(ai, spec.model ?? config.LARGE_MODEL)));
  }
  if (!config.OPENAI_BASE_URL) return new ProviderError("not_configured", "No OpenAI-compatible endpoint is configured (OPENAI_BASE_URL)");
  const modelId = spec.model ?? config.OPENAI_MODEL;
  if (!modelId) return new ProviderError("not_configured", "No OpenAI-compatible model is configured (OPENAI_MODEL)");
  return llmProvider(
    metered(openAiCompatibleChatModel({
      baseUrl: config.OPENAI_BASE_URL,
      apiKey: config.OPENAI_API_KEY,
      modelId,
      responseFormat: config.OPENAI_RESPONSE_FORMAT,
      fetch: ports.fetch,
      now: () => ports.clock.now(),
    })),
  );
}

/** Stands for the large tier when none is configured, so fallbacks say it was unavailable. */
export function missingLargeTierError(): ProviderError {
  return new ProviderError("not_configured", "No large model is configured (LARGE_PROVIDER=none): the edge answer is returned as is");
}

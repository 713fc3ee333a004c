import type { RetryPolicy, Tier, TierAnswer } from "../cascade/types.ts";
import { llmEnergyWh } from "../models/energy.ts";
import { costUsd } from "../models/pricing.ts";
import type { ChatModel } from "../models/chat-model.ts";
import { llmProvider } from "../models/llm-provider.ts";
import { openAiCompatibleChatModel } from "../models/openai-compatible.ts";
import type { ModelProvider } from "../models/provider.ts";
import { ProviderError } from "../models/provider-error.ts";
import type { TierSpec } from "../models/tier-spec.ts";
import { workersAiChatModel, type AiBinding } from "../models/workers-ai.ts";
import { BART_MODEL, workersAiBartProvider } from "../models/workers-ai-bart.ts";
import type { PipelineDeps } from "./deps.ts";

/** The environment's default cascade: edge, an optional middle model, then the large model. */
export function defaultTierSpecs(deps: PipelineDeps): TierSpec[] {
  const { config } = deps;
  const specs: TierSpec[] = [{ provider: "edge" }];
  if (config.LARGE_PROVIDER === "none") return specs;
  const largeModel = config.LARGE_PROVIDER === "openai-compatible" ? config.OPENAI_MODEL : config.LARGE_MODEL;
  if (config.MIDDLE_MODEL) specs.push({ provider: config.LARGE_PROVIDER, model: config.MIDDLE_MODEL, threshold: config.MIDDLE_THRESHOLD });
  specs.push({ provider: config.LARGE_PROVIDER, model: largeModel });
  return specs;
}

/** A remote LLM provider for a tier spec, or the reason it cannot run here. */
function llmForSpec(deps: PipelineDeps, spec: TierSpec): { provider: ModelProvider } | { unavailable: ProviderError; model: string } {
  if (spec.provider === "workers-ai" && spec.model === BART_MODEL && deps.env.AI) {
    return { provider: workersAiBartProvider(deps.env.AI as unknown as AiBinding, spec.model) };
  }
  const chat = chatModelFor(deps, spec);
  if (chat instanceof ProviderError) return { unavailable: chat, model: spec.model ?? "none" };
  return { provider: llmProvider(chat) };
}

function chatModelFor(deps: PipelineDeps, spec: TierSpec): ChatModel | ProviderError {
  const { env, config } = deps;
  if (spec.provider === "workers-ai") {
    if (!env.AI) return new ProviderError("not_configured", "Workers AI is not available here: the AI binding exists only in the production environment");
    return workersAiChatModel(env.AI as unknown as AiBinding, spec.model ?? config.LARGE_MODEL);
  }
  if (!config.OPENAI_BASE_URL) return new ProviderError("not_configured", "No OpenAI-compatible endpoint is configured (OPENAI_BASE_URL)");
  const modelId = spec.model ?? config.OPENAI_MODEL;
  if (!modelId) return new ProviderError("not_configured", "No OpenAI-compatible model is configured (OPENAI_MODEL)");
  return openAiCompatibleChatModel({
    baseUrl: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    modelId,
    responseFormat: config.OPENAI_RESPONSE_FORMAT,
    fetch: deps.fetch,
  });
}

/** Stands for the large tier when none is configured, so fallbacks say it was unavailable. */
export function missingLargeTierError(): ProviderError {
  return new ProviderError("not_configured", "No large model is configured (LARGE_PROVIDER=none): the edge answer is returned as is");
}

/** Retries for remote models, from the environment. */
export function remoteRetryPolicy(deps: PipelineDeps): RetryPolicy {
  return {
    maxAttempts: deps.config.LARGE_MAX_ATTEMPTS,
    timeoutMs: deps.config.LARGE_TIMEOUT_MS,
    deadlineMs: deps.config.LARGE_DEADLINE_MS,
    baseDelayMs: 250,
  };
}

/** A deterministic in-Worker model gives the same answer twice: one attempt. */
export const EDGE_RETRY_POLICY: RetryPolicy = { maxAttempts: 1, timeoutMs: 5_000, deadlineMs: 5_000, baseDelayMs: 0 };

/** The tier's name in responses and logs: edge, middle, or large (the last one). */
export function tierName(spec: TierSpec, index: number, count: number): string {
  if (spec.provider === "edge") return "edge";
  return index === count - 1 ? "large" : "middle";
}

/** A tier backed by a remote model that offers `capability`; unavailable (with the reason) when it cannot run. */
export function remoteTier<Output>(
  deps: PipelineDeps,
  spec: TierSpec,
  name: string,
  capability: "classify" | "summarize",
  run: (provider: ModelProvider, signal: AbortSignal) => Promise<TierAnswer<Output>>,
): Tier<Output> {
  const llm = llmForSpec(deps, spec);
  if ("unavailable" in llm) return unavailableTier(name, spec.provider, llm.model, llm.unavailable);
  const provider = llm.provider;
  if (!provider.capabilities[capability]) {
    return unavailableTier(name, spec.provider, provider.modelId, new ProviderError("client_error", `${provider.modelId} cannot ${capability}`));
  }
  return {
    name,
    provider: provider.provider,
    model: provider.modelId,
    threshold: spec.threshold ?? deps.config.MIDDLE_THRESHOLD,
    retry: remoteRetryPolicy(deps),
    run: (signal) => run(provider, signal),
    costUsd: (usage) => costUsd(provider.modelId, usage.inputTokens, usage.outputTokens),
    energyWh: (usage) => llmEnergyWh(provider.modelId, usage.inputTokens, usage.outputTokens),
  };
}

/** A tier that cannot run; the cascade records why and moves on. */
export function unavailableTier<Output>(name: string, provider: string, model: string, error: ProviderError): Tier<Output> {
  return {
    name,
    provider,
    model,
    threshold: 1,
    retry: EDGE_RETRY_POLICY,
    unavailable: error,
    run: () => Promise.reject(error),
    costUsd: () => 0,
    energyWh: () => 0,
  };
}

/** The task's tiers, or the environment's; with no large model configured, an unavailable large tier ends the list. */
export function resolveTiers<Output>(deps: PipelineDeps, taskSpecs: TierSpec[] | null, build: (spec: TierSpec, name: string) => Tier<Output>): Tier<Output>[] {
  const specs = taskSpecs ?? defaultTierSpecs(deps);
  const tiers = specs.map((spec, i) => build(spec, tierName(spec, i, specs.length)));
  if (!taskSpecs && deps.config.LARGE_PROVIDER === "none") tiers.push(unavailableTier("large", "none", "none", missingLargeTierError()));
  return tiers;
}

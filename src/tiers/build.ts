import type { TaskKind } from "../../schema/enums.ts";
import type { BudgetGuard } from "../budget/guard.ts";
import type { Tier } from "../cascade/types.ts";
import { edgeClassifier } from "../models/edge-classifier.ts";
import { edgeSummarizer } from "../models/edge-summarizer.ts";
import { edgeEnergyWh, llmEnergyWh } from "../models/energy.ts";
import { callCostUsd, FREE, remoteModelPrice } from "../models/pricing.ts";
import type { LabelSpec, ModelProvider } from "../models/provider.ts";
import { ProviderError } from "../models/provider-error.ts";
import { keyedHasher } from "../privacy/digest.ts";
import type { Ports } from "../ports.ts";
import type { TaskRow } from "../storage/tasks.ts";
import { activeModel, type ActiveModel } from "./active-model.ts";
import { answerCache, type RecordedAnswer } from "./answer-cache.ts";
import { largeOnlyEstimator, type LargeOnlyEstimator } from "./large-only.ts";
import { EDGE_RETRY_POLICY, defaultTierSpecs, remoteRetryPolicy, tierName } from "./defaults.ts";
import { missingLargeTierError, remoteProvider } from "./remote-provider.ts";
import { tierThreshold } from "./threshold.ts";
import { largeSpecIndex, type TierSpec } from "./tier-spec.ts";

/** One text, and for summaries the word budget every tier shares (so they answer the same question). */
export interface TierInput {
  text: string;
  maxWords?: number;
}

type TierPorts = Pick<Ports, "config" | "db" | "artifacts" | "ai" | "fetch" | "clock"> & Partial<Pick<Ports, "answers">>;

/** A task's cascade, loaded once per request (its active model included) and instantiated per text. */
export interface TaskCascade {
  tiers(input: TierInput): Tier<string>[];
  /** Offers the recorded decisions' remote answers to the task's answer cache (tiers/answer-cache.ts). */
  remember(answers: readonly RecordedAnswer[]): Promise<void>;
  /** What a text would have cost at the task's large model alone (tiers/large-only.ts), for the savings. */
  largeOnly: LargeOnlyEstimator;
  /** A text's keyed hash (HASH_KEYS), made once per request for the answer cache and the decision row alike. */
  inputHash(text: string): Promise<string>;
}

/**
 * The one tier factory: the task's tiers (or the environment's) for a kind, each backed by a
 * provider with the same interface, edge included. With no large model configured, an
 * unavailable large tier ends the environment's list, so fallbacks say what was missing.
 */
export async function taskCascade(ports: TierPorts, kind: TaskKind, task: TaskRow | null, budget: BudgetGuard | null = null): Promise<TaskCascade> {
  const model = kind === "classify" && task ? await activeModel(ports, task) : null;
  const specs = tierSpecsOf(ports, task);
  // Providers and thresholds are resolved once for the request; each text only gets its own run.
  const makers = specs.map((spec, i) => tierMaker(ports, { kind, task, model, budget }, spec, tierName(spec, i, specs.length)));
  const missingLarge = !task?.tiers && ports.config.LARGE_PROVIDER === "none" ? missingLargeTier() : null;
  // The answer cache wraps the finished tiers: a hit answers before anything the remote tier would do.
  const inputHash = keyedHasher(ports.config.hashKeys);
  const cache = answerCache(ports, kind, task, inputHash);
  return {
    tiers: (input) => {
      const tiers = [...makers.map((make) => make(input)), ...(missingLarge ? [missingLarge] : [])];
      return cache ? cache.wrap(tiers, input) : tiers;
    },
    remember: (answers) => cache?.remember(answers) ?? Promise.resolve(),
    largeOnly: largeOnlyEstimator(ports.config, kind, task, specs),
    inputHash,
  };
}

/**
 * The task's last remote tier alone (its large model), for background checks, metered by the
 * task's daily budget when one applies; null when there is none.
 */
export function largeTier(ports: TierPorts, kind: TaskKind, task: TaskRow, input: TierInput, budget: BudgetGuard | null = null): Tier<string> | null {
  const specs = tierSpecsOf(ports, task);
  const index = largeSpecIndex(specs);
  if (index < 0) return null;
  return tierMaker(ports, { kind, task, model: null, budget }, specs[index], tierName(specs[index], index, specs.length))(input);
}

function tierSpecsOf(ports: TierPorts, task: TaskRow | null): TierSpec[] {
  return (task?.tiers as TierSpec[] | null) ?? defaultTierSpecs(ports.config);
}

interface TierContext {
  kind: TaskKind;
  task: TaskRow | null;
  model: ActiveModel | null;
  /** The request's daily budget (src/budget/guard.ts); null when none applies. */
  budget?: BudgetGuard | null;
}

/** A tier for one spec: its provider and threshold resolved once, a Tier for each text. */
function tierMaker(ports: TierPorts, context: TierContext, spec: TierSpec, name: string): (input: TierInput) => Tier<string> {
  const provider = spec.provider === "edge" ? edgeProvider(context) : remoteProvider(ports, spec, context.budget ?? null);
  if (provider instanceof ProviderError) {
    const tier = unavailableTier(name, spec.provider, edgeModelId(context, spec), provider);
    return () => tier;
  }
  if (!provider.capabilities[context.kind]) {
    const tier = unavailableTier(name, spec.provider, provider.modelId, new ProviderError("client_error", `${provider.modelId} cannot ${context.kind}`));
    return () => tier;
  }
  const edge = provider.provider === "edge";
  const price = edge ? FREE : remoteModelPrice(ports.config, provider.provider, provider.modelId);
  const threshold = tierThreshold({ spec, kind: context.kind, task: context.task, versionThreshold: context.model?.version.threshold ?? null, config: ports.config });
  const tier: Omit<Tier<string>, "run"> = {
    name,
    provider: provider.provider,
    model: provider.modelId,
    threshold,
    retry: edge ? EDGE_RETRY_POLICY : remoteRetryPolicy(ports.config),
    costUsd: (usage, calls = 1) => callCostUsd(price, usage, calls),
    energyWh: (usage) => (edge ? edgeEnergyWh() : llmEnergyWh(provider.modelId, usage.inputTokens, usage.outputTokens)),
  };
  return (input) => ({ ...tier, run: (signal) => answer(provider, context, input, signal) });
}

async function answer(provider: ModelProvider, context: TierContext, input: TierInput, abortSignal: AbortSignal) {
  if (context.kind === "classify") {
    const labels: readonly LabelSpec[] = context.task?.labels ?? [];
    const result = await provider.classify!({ text: input.text, labels, instructions: context.task?.description ?? undefined, abortSignal });
    return { output: result.label, confidence: result.confidence, usage: result.usage, warnings: result.warnings, raw: result.raw };
  }
  const result = await provider.summarize!({ text: input.text, maxWords: input.maxWords ?? 0, abortSignal });
  return { output: result.summary, confidence: result.confidence, usage: result.usage, warnings: result.warnings, raw: result.raw };
}

/** The edge provider of a task: its trained classifier (or why there is none), or the extractive summarizer. */
function edgeProvider({ kind, model }: TierContext): ModelProvider | ProviderError {
  if (kind === "summarize") return edgeSummarizer();
  if (model?.loadError) return new ProviderError("server_error", model.loadError);
  if (!model?.classifier) return new ProviderError("no_model", "The task has no trained compact model yet");
  return edgeClassifier(model.classifier, model.version.id);
}

function edgeModelId(context: TierContext, spec: TierSpec): string {
  if (spec.provider !== "edge") return spec.model ?? "none";
  return context.model?.version.id ?? "none";
}

// The stand-in for an unconfigured large tier is the same for every request (the cascade only
// reads it), so its error, whose stack capture showed in the hot path's profile, is made once.
let unconfiguredLargeTier: Tier<string> | null = null;

function missingLargeTier(): Tier<string> {
  return (unconfiguredLargeTier ??= unavailableTier("large", "none", "none", missingLargeTierError()));
}

/** A tier that cannot run; the cascade records why and moves on. */
function unavailableTier(name: string, provider: string, model: string, error: ProviderError): Tier<string> {
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

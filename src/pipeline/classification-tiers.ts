import type { Tier } from "../cascade/types.ts";
import { predict, type CompactClassifier } from "../learn/classifier.ts";
import { edgeEnergyWh, llmEnergyWh } from "../models/energy.ts";
import { costUsd } from "../models/pricing.ts";
import type { LabelSpec } from "../models/provider.ts";
import { ProviderError } from "../models/provider-error.ts";
import type { TierSpec } from "../models/tier-spec.ts";
import type { PipelineDeps } from "./deps.ts";
import { EDGE_RETRY_POLICY, defaultTierSpecs, llmForSpec, missingLargeTierError, remoteRetryPolicy, tierName } from "./llm-tiers.ts";

export interface ClassificationSetup {
  labels: readonly LabelSpec[];
  instructions?: string;
  /** The task's tier override, or null for the environment's defaults. */
  tierSpecs: TierSpec[] | null;
  edgeModel: CompactClassifier | null;
  edgeModelId: string | null;
  edgeThreshold: number;
}

/** Builds the cascade's tiers for one text. */
export function classificationTiers(deps: PipelineDeps, setup: ClassificationSetup, text: string): Tier<string>[] {
  const specs = setup.tierSpecs ?? defaultTierSpecs(deps);
  const tiers = specs.map((spec, i) => tierFor(deps, setup, spec, tierName(spec, i, specs.length), text));
  if (!setup.tierSpecs && deps.config.LARGE_PROVIDER === "none") {
    tiers.push(unavailableTier("large", "none", "none", missingLargeTierError()));
  }
  return tiers;
}

function tierFor(deps: PipelineDeps, setup: ClassificationSetup, spec: TierSpec, name: string, text: string): Tier<string> {
  if (spec.provider === "edge") {
    const model = setup.edgeModel;
    if (!model) {
      return unavailableTier(name, "edge", "none", new ProviderError("no_model", "The task has no trained compact model yet"));
    }
    return {
      name,
      provider: "edge",
      model: setup.edgeModelId ?? "edge",
      threshold: spec.threshold ?? setup.edgeThreshold,
      retry: EDGE_RETRY_POLICY,
      async run() {
        const prediction = predict(model, text);
        if (!setup.labels.some((label) => label.name === prediction.label)) {
          // A model trained before the label set changed must not answer with a retired label.
          throw new ProviderError("label_outside_set", `The compact model predicted ${prediction.label}, which the task no longer has`, { retryable: false });
        }
        return { output: prediction.label, confidence: prediction.confidence, usage: { inputTokens: 0, outputTokens: 0 }, warnings: [] };
      },
      costUsd: () => 0,
      energyWh: () => edgeEnergyWh(),
    };
  }
  const llm = llmForSpec(deps, spec);
  if ("unavailable" in llm) return unavailableTier(name, spec.provider, llm.model, llm.unavailable);
  const provider = llm.provider;
  return {
    name,
    provider: provider.provider,
    model: provider.modelId,
    threshold: spec.threshold ?? deps.config.MIDDLE_THRESHOLD,
    retry: remoteRetryPolicy(deps),
    async run(signal) {
      const result = await provider.classify!({ text, labels: setup.labels, instructions: setup.instructions, abortSignal: signal });
      return { output: result.label, confidence: result.confidence, usage: result.usage, warnings: result.warnings };
    },
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

import type { Tier } from "../cascade/types.ts";
import { predict, type CompactClassifier } from "../learn/classifier.ts";
import { edgeEnergyWh } from "../models/energy.ts";
import type { LabelSpec } from "../models/provider.ts";
import { ProviderError } from "../models/provider-error.ts";
import type { TierSpec } from "../models/tier-spec.ts";
import type { TaskRow } from "../storage/tasks.ts";
import type { PipelineDeps } from "./deps.ts";
import { EDGE_RETRY_POLICY, remoteTier, resolveTiers, unavailableTier } from "./remote-tiers.ts";

export interface ClassificationSetup {
  labels: readonly LabelSpec[];
  instructions?: string;
  /** The task's tier override, or null for the environment's defaults. */
  tierSpecs: TierSpec[] | null;
  edgeModel: CompactClassifier | null;
  edgeModelId: string | null;
  edgeThreshold: number;
  /** Why the active model's weights could not be loaded, if they could not. */
  edgeLoadError?: string | null;
}

/** Builds the cascade's tiers for one text. */
export function classificationTiers(deps: PipelineDeps, setup: ClassificationSetup, text: string): Tier<string>[] {
  return resolveTiers(deps, setup.tierSpecs, (spec, name) =>
    spec.provider === "edge"
      ? edgeClassifierTier(setup, spec, name, text)
      : remoteTier(deps, spec, name, "classify", async (provider, signal) => {
          const result = await provider.classify!({ text, labels: setup.labels, instructions: setup.instructions, abortSignal: signal });
          return { output: result.label, confidence: result.confidence, usage: result.usage, warnings: result.warnings };
        }),
  );
}

function edgeClassifierTier(setup: ClassificationSetup, spec: TierSpec, name: string, text: string): Tier<string> {
  const model = setup.edgeModel;
  if (setup.edgeLoadError) return unavailableTier(name, "edge", setup.edgeModelId ?? "none", new ProviderError("server_error", setup.edgeLoadError));
  if (!model) return unavailableTier(name, "edge", "none", new ProviderError("no_model", "The task has no trained compact model yet"));
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

/** The task's last remote tier alone (the large model), for background checks; null when there is none. */
export function largeClassifierTier(deps: PipelineDeps, task: TaskRow, text: string): Tier<string> | null {
  const setup: ClassificationSetup = {
    labels: task.labels,
    instructions: task.description ?? undefined,
    tierSpecs: (task.tiers as TierSpec[] | null) ?? null,
    edgeModel: null,
    edgeModelId: null,
    edgeThreshold: 1,
  };
  return classificationTiers(deps, setup, text).filter((tier) => tier.provider !== "edge").at(-1) ?? null;
}

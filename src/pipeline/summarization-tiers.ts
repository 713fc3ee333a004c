import type { Tier } from "../cascade/types.ts";
import { edgeEnergyWh } from "../models/energy.ts";
import type { TierSpec } from "../models/tier-spec.ts";
import type { ExtractiveSummary } from "../summarize/extract.ts";
import type { PipelineDeps } from "./deps.ts";
import { EDGE_RETRY_POLICY, remoteTier, resolveTiers } from "./remote-tiers.ts";

export const EDGE_SUMMARIZER_MODEL = "extractive-centroid-v1";

export interface SummarizationSetup {
  tierSpecs: TierSpec[] | null;
  edgeThreshold: number;
  /** The word budget, shared by every tier so that they answer the same question. */
  maxWords: number;
}

/** Builds the cascade's tiers for one text; the edge summary is computed once and reused. */
export function summarizationTiers(deps: PipelineDeps, setup: SummarizationSetup, text: string, edge: ExtractiveSummary): Tier<string>[] {
  return resolveTiers(deps, setup.tierSpecs, (spec, name) =>
    spec.provider === "edge"
      ? edgeSummarizerTier(spec, name, setup, edge)
      : remoteTier(deps, spec, name, "summarize", async (provider, signal) => {
          const result = await provider.summarize!({ text, maxWords: setup.maxWords, abortSignal: signal });
          return { output: result.summary, confidence: result.confidence, usage: result.usage, warnings: result.warnings };
        }),
  );
}

function edgeSummarizerTier(spec: TierSpec, name: string, setup: SummarizationSetup, edge: ExtractiveSummary): Tier<string> {
  return {
    name,
    provider: "edge",
    model: EDGE_SUMMARIZER_MODEL,
    threshold: spec.threshold ?? setup.edgeThreshold,
    retry: EDGE_RETRY_POLICY,
    run: async () => ({ output: edge.summary, confidence: edge.confidence, usage: { inputTokens: 0, outputTokens: 0 }, warnings: [] }),
    costUsd: () => 0,
    energyWh: () => edgeEnergyWh(),
  };
}

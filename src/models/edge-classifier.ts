import { predict, type CompactClassifier } from "../learn/classifier.ts";
import { MAX_TEXT_CHARS } from "../learn/tokens.ts";
import type { ClassifyOptions, ClassifyResult, ModelProvider } from "./provider.ts";
import { ProviderError } from "./provider-error.ts";

/** A trained compact classifier running in the Worker: microseconds, no tokens, no cost. */
export function edgeClassifier(model: CompactClassifier, modelId: string): ModelProvider {
  return {
    provider: "edge",
    modelId,
    capabilities: { classify: true, summarize: false },
    async classify(options: ClassifyOptions): Promise<ClassifyResult> {
      const prediction = predict(model, options.text);
      if (!options.labels.some((label) => label.name === prediction.label)) {
        // A model trained before the label set changed must not answer with a retired label.
        throw new ProviderError("label_outside_set", `The compact model predicted ${prediction.label}, which the task no longer has`, { retryable: false });
      }
      const warnings = options.text.length > MAX_TEXT_CHARS ? [`the compact model read the first ${MAX_TEXT_CHARS} of ${options.text.length} characters`] : [];
      return { label: prediction.label, confidence: prediction.confidence, usage: { inputTokens: 0, outputTokens: 0 }, warnings, raw: prediction };
    },
  };
}

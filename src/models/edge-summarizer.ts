import { MAX_SUMMARIZED_CHARS, summarizeExtractive } from "../summarize/extract.ts";
import type { ModelProvider, SummarizeOptions, SummarizeResult } from "./provider.ts";

export const EDGE_SUMMARIZER_MODEL = "extractive-centroid-v1";

/** The extractive summarizer running in the Worker; its confidence is a fitted estimate of ROUGE-L. */
export function edgeSummarizer(): ModelProvider {
  return {
    provider: "edge",
    modelId: EDGE_SUMMARIZER_MODEL,
    capabilities: { classify: false, summarize: true },
    async summarize(options: SummarizeOptions): Promise<SummarizeResult> {
      const summary = summarizeExtractive(options.text, { maxWords: options.maxWords });
      const warnings = summary.signals.clipped
        ? [`the edge summarizer read the first ${summary.sentenceCount} sentences (at most ${MAX_SUMMARIZED_CHARS} characters) of the text`]
        : [];
      // `raw` keeps the signals (text kind, language, ...) that explain the confidence.
      return { summary: summary.summary, confidence: summary.confidence, usage: { inputTokens: 0, outputTokens: 0 }, warnings, raw: summary };
    },
  };
}

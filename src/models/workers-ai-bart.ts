import type { ModelProvider, SummarizeOptions, SummarizeResult } from "./provider.ts";
import { ProviderError } from "./provider-error.ts";
import { estimateTokens } from "./pricing.ts";
import { checkSummary } from "./summarization-prompt.ts";
import type { AiBinding } from "./workers-ai.ts";

export const BART_MODEL = "@cf/facebook/bart-large-cnn";

/** BART reads about 1,024 tokens; longer texts are cut at a sentence-ish boundary before this. */
const MAX_INPUT_CHARS = 3_800;

/** Workers AI's news summarizer (`{ input_text, max_length }` in, `{ summary }` out): an optional middle tier. */
export function workersAiBartProvider(ai: AiBinding, modelId: string = BART_MODEL): ModelProvider {
  return {
    provider: "workers-ai",
    modelId,
    capabilities: { classify: false, summarize: true },
    async summarize(options: SummarizeOptions): Promise<SummarizeResult> {
      const warnings: string[] = [];
      let input = options.text;
      if (input.length > MAX_INPUT_CHARS) {
        const cut = input.lastIndexOf(". ", MAX_INPUT_CHARS);
        input = input.slice(0, cut > MAX_INPUT_CHARS / 2 ? cut + 1 : MAX_INPUT_CHARS);
        warnings.push(`the text was cut to ${input.length} characters for ${modelId}`);
      }
      let output: unknown;
      try {
        output = await ai.run(modelId, { input_text: input, max_length: Math.ceil(options.maxWords * 1.4) }, { signal: options.abortSignal });
      } catch (error) {
        // The binding's message may repeat the input it refused: the decision keeps none of it.
        throw ProviderError.from(error, options.abortSignal).withoutInput(options.text);
      }
      const summary = (output as { summary?: unknown } | null)?.summary;
      const usage = { inputTokens: estimateTokens(input), outputTokens: estimateTokens(typeof summary === "string" ? summary : ""), estimated: true };
      warnings.push("token counts are estimated: the model reports none");
      // BART has no confidence of its own; a valid summary from a configured middle tier is accepted.
      return { summary: checkSummary(summary, input, options.maxWords), confidence: 1, usage, warnings };
    },
  };
}

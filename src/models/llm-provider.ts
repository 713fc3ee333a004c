import type { ChatModel } from "./chat-model.ts";
import { classificationMessages, classificationSchema, parseClassification } from "./classification-prompt.ts";
import type { ClassifyOptions, ClassifyResult, ModelProvider, Usage } from "./provider.ts";
import { ProviderError } from "./provider-error.ts";
import { estimateTokens } from "./pricing.ts";

const CLASSIFY_MAX_TOKENS = 64;

/** A provider that answers with an instruct LLM: label set and descriptions in the prompt, output validated. */
export function llmProvider(chat: ChatModel): ModelProvider {
  return {
    provider: chat.provider,
    modelId: chat.modelId,
    capabilities: { classify: true, summarize: true },
    async classify(options: ClassifyOptions): Promise<ClassifyResult> {
      const messages = classificationMessages(options.text, options.labels, options.instructions);
      const completion = await chat.complete({
        messages,
        schema: { name: "classification", schema: classificationSchema(options.labels) },
        maxTokens: CLASSIFY_MAX_TOKENS,
        abortSignal: options.abortSignal,
      });
      const warnings: string[] = [];
      const usage: Usage = completion.usage ?? estimatedUsage(messages.map((m) => m.content).join("\n"), completion.content, warnings);
      try {
        const { label, confidence } = parseClassification(completion.content, options.labels);
        return { label, confidence, usage, warnings, raw: completion.raw };
      } catch (error) {
        // The tokens were spent even though the answer is unusable.
        if (error instanceof ProviderError) throw new ProviderError(error.code, error.message, { ...error.details, usage });
        throw error;
      }
    },
  };
}

function estimatedUsage(prompt: string, content: unknown, warnings: string[]): Usage {
  warnings.push("the endpoint reported no token usage; tokens are estimated from characters");
  const reply = typeof content === "string" ? content : JSON.stringify(content ?? "");
  return { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(reply) };
}

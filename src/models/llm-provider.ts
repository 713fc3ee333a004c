import type { ChatModel } from "./chat-model.ts";
import { classificationMessages, classificationPromptWarnings, classificationSchema, parseClassification } from "./classification-prompt.ts";
import type { ClassifyOptions, ClassifyResult, ModelProvider, SummarizeOptions, SummarizeResult, Usage } from "./provider.ts";
import { checkSummary, summarizationMessages } from "./summarization-prompt.ts";
import { ProviderError } from "./provider-error.ts";
import { estimateTokens } from "./pricing.ts";

const CLASSIFY_MAX_TOKENS = 64;
/** Room for the word budget: about 1.4 tokens a word, plus slack. */
const summaryMaxTokens = (maxWords: number) => Math.ceil(maxWords * 2) + 32;

/** A provider that answers with an instruct LLM: label set and descriptions in the prompt, output validated. */
export function llmProvider(chat: ChatModel): ModelProvider {
  return {
    provider: chat.provider,
    modelId: chat.modelId,
    capabilities: { classify: true, summarize: true },
    async classify(options: ClassifyOptions): Promise<ClassifyResult> {
      const messages = classificationMessages(options.text, options.labels, options.instructions);
      const completion = await chat
        .complete({
          messages,
          schema: { name: "classification", schema: classificationSchema(options.labels) },
          maxTokens: CLASSIFY_MAX_TOKENS,
          abortSignal: options.abortSignal,
        })
        .catch(quotingNoInput(options.text, options.abortSignal));
      const warnings = classificationPromptWarnings(options.labels);
      const usage: Usage = completion.usage ?? estimatedUsage(messages.map((m) => m.content).join("\n"), completion.content, warnings);
      const { label, confidence } = chargedOnFailure(usage, () => parseClassification(completion.content, options.labels));
      return { label, confidence, usage, warnings, raw: completion.raw };
    },
    async summarize(options: SummarizeOptions): Promise<SummarizeResult> {
      const messages = summarizationMessages(options.text, options.maxWords);
      const completion = await chat
        .complete({ messages, maxTokens: summaryMaxTokens(options.maxWords), abortSignal: options.abortSignal })
        .catch(quotingNoInput(options.text, options.abortSignal));
      const warnings: string[] = [];
      const usage: Usage = completion.usage ?? estimatedUsage(messages.map((m) => m.content).join("\n"), completion.content, warnings);
      const summary = chargedOnFailure(usage, () => checkSummary(completion.content, options.text, options.maxWords));
      // An LLM's summary is not scored; as the last tier it answers whatever its confidence.
      return { summary, confidence: 1, usage, warnings, raw: completion.raw };
    },
  };
}

/**
 * Rethrows a failed call as a ProviderError whose message quotes no part of the text: an
 * endpoint's error body (a 400 repeating the request, a refusal) may echo the prompt, and the
 * decision stores the message.
 */
function quotingNoInput(text: string, signal: AbortSignal) {
  return (error: unknown): never => {
    throw ProviderError.from(error, signal).withoutInput(text);
  };
}

/** Runs a validation; when it fails, the error carries the tokens that were spent anyway. */
function chargedOnFailure<T>(usage: Usage, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof ProviderError) throw new ProviderError(error.code, error.message, { ...error.details, usage });
    throw error;
  }
}

function estimatedUsage(prompt: string, content: unknown, warnings: string[]): Usage {
  warnings.push("the endpoint reported no token usage; tokens are estimated from characters");
  const reply = typeof content === "string" ? content : JSON.stringify(content ?? "");
  return { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(reply), estimated: true };
}

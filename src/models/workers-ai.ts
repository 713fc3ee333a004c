import type { ChatCompletion, ChatModel, ChatRequest } from "./chat-model.ts";
import { ProviderError } from "./provider-error.ts";

/** The part of the `AI` binding this project uses; a test binding with this shape stands in locally. */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<unknown>;
}

interface TextGenerationOutput {
  response?: unknown;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** An instruct LLM on Workers AI, with JSON mode when a schema is given. */
export function workersAiChatModel(ai: AiBinding, modelId: string): ChatModel {
  return {
    provider: "workers-ai",
    modelId,
    async complete(request: ChatRequest): Promise<ChatCompletion> {
      const inputs: Record<string, unknown> = {
        messages: request.messages,
        max_tokens: request.maxTokens,
        temperature: 0,
      };
      if (request.schema) inputs.response_format = { type: "json_schema", json_schema: request.schema.schema };
      let output: unknown;
      try {
        output = await ai.run(modelId, inputs, { signal: request.abortSignal });
      } catch (error) {
        throw request.abortSignal.aborted ? ProviderError.from(error, request.abortSignal) : fromWorkersAiError(error);
      }
      if (output === null || typeof output !== "object") {
        throw new ProviderError("malformed_output", "Workers AI returned no result object", { raw: output });
      }
      const { response, usage } = output as TextGenerationOutput;
      return {
        content: response ?? "",
        usage: usage ? { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 } : null,
        raw: output,
      };
    },
  };
}

/** Maps the binding's errors ("3040: Out of capacity", ...) to provider errors. */
function fromWorkersAiError(error: unknown): ProviderError {
  const message = error instanceof Error ? error.message : String(error);
  const code = Number(/\b([35]\d{3})\b/.exec(message)?.[1]);
  switch (code) {
    case 3040: // out of capacity
      return new ProviderError("rate_limited", message, { status: 429 });
    case 3036: // daily allocation used up: another try will not help today
      return new ProviderError("rate_limited", message, { status: 429, retryable: false });
    case 3007:
    case 3008:
      return new ProviderError("timeout", message, { status: 408 });
    case 3003:
    case 3006:
    case 3042:
    case 5004:
    case 5007:
    case 5016:
    case 5018:
      return new ProviderError("client_error", message, { status: 400 });
    default:
      return new ProviderError("server_error", message);
  }
}

import type { ChatCompletion, ChatModel, ChatRequest } from "./chat-model.ts";
import { parseRetryAfterMs } from "../time/retry-after.ts";
import { ProviderError } from "./provider-error.ts";

export interface OpenAiCompatibleOptions {
  baseUrl: string;
  apiKey?: string;
  modelId: string;
  /** `json_schema` (OpenAI, vLLM, llama.cpp, Ollama), `json_object` (older servers) or `none`. */
  responseFormat: "json_schema" | "json_object" | "none";
  fetch?: typeof fetch;
  /** The clock's time, for `Retry-After` given as a date. */
  now: () => number;
}

interface ChatCompletionsResponse {
  choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/**
 * Any OpenAI chat-completions endpoint: OpenAI, Groq, Together, vLLM, Ollama, llama.cpp's
 * server, or AI Gateway in front of any of them.
 */
export function openAiCompatibleChatModel(options: OpenAiCompatibleOptions): ChatModel {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    provider: "openai-compatible",
    modelId: options.modelId,
    async complete(request: ChatRequest): Promise<ChatCompletion> {
      const body: Record<string, unknown> = {
        model: options.modelId,
        messages: request.messages,
        temperature: 0,
        max_tokens: request.maxTokens,
      };
      if (request.schema && options.responseFormat === "json_schema") {
        body.response_format = { type: "json_schema", json_schema: { name: request.schema.name, strict: true, schema: request.schema.schema } };
      } else if (request.schema && options.responseFormat === "json_object") {
        body.response_format = { type: "json_object" };
      }
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

      let response: Response;
      try {
        response = await (options.fetch ?? fetch)(url, { method: "POST", headers, body: JSON.stringify(body), signal: request.abortSignal });
      } catch (error) {
        throw ProviderError.from(error, request.abortSignal);
      }
      const text = await readBody(response, request.abortSignal);
      if (!response.ok) {
        throw ProviderError.fromStatus(
          response.status,
          `${options.modelId} answered HTTP ${response.status}: ${upstreamError(text)}`,
          parseRetryAfterMs(response.headers.get("retry-after"), options.now()) ?? undefined,
        );
      }
      let parsed: ChatCompletionsResponse;
      try {
        parsed = JSON.parse(text) as ChatCompletionsResponse;
      } catch {
        throw new ProviderError("malformed_output", `${options.modelId} answered with a body that is not JSON`);
      }
      const usage = parsed.usage
        ? { inputTokens: parsed.usage.prompt_tokens ?? 0, outputTokens: parsed.usage.completion_tokens ?? 0 }
        : null;
      const message = parsed.choices?.[0]?.message;
      if (!message) {
        throw new ProviderError("malformed_output", `${options.modelId} answered without choices[0].message`, { usage: usage ?? undefined });
      }
      if (message.refusal) {
        throw new ProviderError("invalid_output", `${options.modelId} refused: ${message.refusal.slice(0, 200)}`, { usage: usage ?? undefined });
      }
      return { content: message.content ?? "", usage, raw: parsed };
    },
  };
}

/**
 * What an error body says, briefly: an OpenAI-style `error` object's type, code and message, else
 * the start of the body. It may still echo the request: llm-provider takes the input out of it.
 */
function upstreamError(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.slice(0, 200);
  }
  const error = (parsed as { error?: unknown } | null)?.error ?? parsed;
  if (typeof error === "string") return error.slice(0, 200);
  if (!error || typeof error !== "object") return text.slice(0, 200);
  const { type, code, message } = error as Record<string, unknown>;
  const tags = [type, code].filter((tag) => (typeof tag === "string" && /^[\w.-]{1,64}$/.test(tag)) || typeof tag === "number");
  const said = typeof message === "string" ? message.slice(0, 200) : "";
  return [tags.length > 0 ? `(${tags.join(", ")})` : "", said].filter(Boolean).join(" ") || text.slice(0, 200);
}

async function readBody(response: Response, signal: AbortSignal): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw ProviderError.from(error, signal);
  }
}

import type { ChatMessage } from "./classification-prompt.ts";
import type { Usage } from "./provider.ts";

export interface ChatRequest {
  messages: ChatMessage[];
  /** JSON schema for structured output, when the caller wants an object back. */
  schema?: { name: string; schema: object };
  maxTokens: number;
  abortSignal: AbortSignal;
}

export interface ChatCompletion {
  /** The reply: text, or an already-parsed object from a structured-output endpoint. */
  content: unknown;
  /** Null when the endpoint did not report token counts. */
  usage: Usage | null;
  raw: unknown;
}

/** A remote instruct LLM behind one wire format (Workers AI binding, OpenAI chat completions). */
export interface ChatModel {
  readonly provider: "workers-ai" | "openai-compatible";
  readonly modelId: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
}

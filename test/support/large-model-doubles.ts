import { vi } from "vitest";
import type { AiBinding } from "../../src/models/workers-ai.ts";

/** What the double does on one call. */
export type Behaviour =
  | { kind: "answer"; label: string; confidence?: number }
  | { kind: "hang" }
  | { kind: "status"; status: number; retryAfter?: string }
  | { kind: "malformed" }
  | { kind: "empty" }
  | { kind: "text"; content: string }
  /** Answers like `answer`, from an endpoint that reports no token usage (many local servers). */
  | { kind: "unmetered"; label: string }
  /** Answers a label chosen from the classified text, as a model that reads it would. */
  | { kind: "by_text"; choose: (text: string) => string };

export const answer = (label: string, confidence = 0.95): Behaviour => ({ kind: "answer", label, confidence });

/** Plays the scripted behaviours in order, then repeats the last one. */
function script(behaviours: Behaviour[]) {
  let next = 0;
  return () => behaviours[Math.min(next++, behaviours.length - 1)];
}

/** Resolves never; rejects when the caller aborts, like a server that does not answer. */
function hangUntilAborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener("abort", () => reject(signal.reason ?? new DOMException("aborted", "AbortError")));
  });
}

export const OPENAI_ENV = {
  LARGE_PROVIDER: "openai-compatible",
  OPENAI_BASE_URL: "https://llm.example.test/v1",
  OPENAI_MODEL: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  OPENAI_API_KEY: "sk-test-key",
};

export interface OpenAiDouble {
  /** Request bodies the Worker sent, parsed. */
  requests: { url: string; headers: Headers; body: any }[];
  restore(): void;
}

/**
 * Answers the Worker's outbound `fetch` to the OpenAI-compatible endpoint with real chat
 * completions JSON (or real failures); any other URL is refused.
 */
export function openAiDouble(...behaviours: Behaviour[]): OpenAiDouble {
  const nextBehaviour = script(behaviours);
  const requests: OpenAiDouble["requests"] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (!request.url.startsWith(OPENAI_ENV.OPENAI_BASE_URL)) throw new Error(`unexpected fetch to ${request.url}`);
    const body = (await request.json()) as any;
    requests.push({ url: request.url, headers: request.headers, body });
    const scripted = nextBehaviour();
    const behaviour = scripted.kind === "by_text" ? answer(scripted.choose(quotedText(body.messages[1].content))) : scripted;
    switch (behaviour.kind) {
      case "hang":
        return hangUntilAborted(init?.signal);
      case "status":
        return Response.json(
          { error: { message: `HTTP ${behaviour.status} from the double`, type: "server_error" } },
          { status: behaviour.status, headers: behaviour.retryAfter ? { "retry-after": behaviour.retryAfter } : {} },
        );
      case "malformed":
        return new Response("<html>502 Bad Gateway</html>", { status: 200, headers: { "content-type": "text/html" } });
      case "by_text":
        throw new Error("unreachable: resolved above");
      case "unmetered": {
        const { usage: _usage, ...unmetered } = chatCompletion(JSON.stringify({ label: behaviour.label, confidence: 0.9 }));
        return Response.json(unmetered);
      }
      default:
        return Response.json(chatCompletion(contentFor(behaviour)));
    }
  });
  return { requests, restore: () => spy.mockRestore() };
}

/** The text between the <text> delimiters of a user message. */
function quotedText(content: string): string {
  return content.replace(/^<text>\n/, "").replace(/\n<\/text>$/, "");
}

function contentFor(behaviour: Exclude<Behaviour, { kind: "hang" | "status" | "malformed" | "by_text" | "unmetered" }>): string {
  if (behaviour.kind === "answer") return JSON.stringify({ label: behaviour.label, confidence: behaviour.confidence });
  if (behaviour.kind === "empty") return "";
  return behaviour.content;
}

/** The OpenAI chat completions response format. */
export function chatCompletion(content: string) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1764201600,
    model: OPENAI_ENV.OPENAI_MODEL,
    choices: [{ index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 180, completion_tokens: 12, total_tokens: 192 },
  };
}

export interface AiDouble extends AiBinding {
  calls: { model: string; inputs: any }[];
}

/**
 * A test binding with the `AI` binding's `run()` shape and the text-generation output shape
 * (`{ response, usage }`); failures throw as the binding does ("3040: ...").
 */
export function workersAiDouble(...behaviours: Behaviour[]): AiDouble {
  const nextBehaviour = script(behaviours);
  const calls: AiDouble["calls"] = [];
  return {
    calls,
    async run(model, inputs, options) {
      calls.push({ model, inputs });
      const behaviour = nextBehaviour();
      const usage = { prompt_tokens: 175, completion_tokens: 11, total_tokens: 186 };
      switch (behaviour.kind) {
        case "hang":
          return hangUntilAborted(options?.signal);
        case "status":
          throw new Error(behaviour.status === 429 ? "3040: Out of capacity" : "InferenceUpstreamError: 5000: internal error");
        case "malformed":
          return { response: "Sure! Here is the label you asked for: it's billing, I think.", usage };
        case "empty":
          return { response: "", usage };
        case "text":
          return { response: behaviour.content, usage };
        case "answer":
          // JSON mode returns the parsed object as `response`.
          return { response: { label: behaviour.label, confidence: behaviour.confidence }, usage };
        case "unmetered":
          return { response: { label: behaviour.label, confidence: 0.9 } };
        case "by_text":
          return { response: { label: behaviour.choose(quotedText((inputs.messages as { content: string }[])[1].content)), confidence: 0.9 }, usage };
      }
    },
  };
}

import type { Usage } from "./provider.ts";

/** Why a provider call failed, normalized across providers. */
export type ProviderErrorCode =
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "client_error"
  | "network_error"
  | "malformed_output"
  | "empty_output"
  | "label_outside_set"
  | "invalid_output"
  | "no_model"
  | "not_configured"
  | "aborted"
  /** The daily budget cannot cover the call (or the model has no known price): it was not made. Never retried. */
  | "budget_exhausted";

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set([
  "timeout",
  "rate_limited",
  "server_error",
  "network_error",
  // A sampled model may well answer correctly on the next try.
  "malformed_output",
  "empty_output",
  "label_outside_set",
  "invalid_output",
]);

/** The longest message a provider error keeps: decisions store it. */
export const MAX_ERROR_MESSAGE_CHARS = 300;
/** Stretches of a message this long (or longer) that also occur in the input are taken out. */
const QUOTE_GRAM = 12;
/** An input shorter than a gram is taken out where it occurs whole, if it has at least this many characters. */
const MIN_QUOTED_INPUT = 4;
const REDACTED = "[input]";

/** Lowercased, JSON string escapes read, whitespace runs as one space: an echo matches whatever its framing. */
function normalized(text: string, escapes: boolean): string {
  const unescaped = escapes ? text.replace(/\\(?:[nrt"\\/]|u([0-9a-fA-F]{4}))/g, (escape, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : escape[1] === "n" || escape[1] === "r" || escape[1] === "t" ? " " : escape[1])) : text;
  return unescaped.replace(/\s+/g, " ");
}

/**
 * A message that quotes no part of the input: every stretch of it that also occurs in `input`
 * (case-insensitive, whitespace and JSON escapes aside, at least 12 characters; a shorter input
 * where it occurs whole) is replaced with "[input]", and the message is capped. Linear in the
 * input: the message's 12-character grams (at most a few hundred) are looked up once per input
 * position.
 */
export function withoutInput(message: string, input: string): string {
  const text = normalized(message.slice(0, 2 * MAX_ERROR_MESSAGE_CHARS), true);
  const lower = Array.from(text, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
  const source = normalized(input, false).toLowerCase().trim();
  const quoted = new Uint8Array(text.length);
  if (source.length < QUOTE_GRAM) {
    if (source.length >= MIN_QUOTED_INPUT) {
      for (let at = lower.indexOf(source); at >= 0; at = lower.indexOf(source, at + 1)) quoted.fill(1, at, at + source.length);
    }
  } else if (lower.length >= QUOTE_GRAM) {
    const grams = new Map<string, number[]>();
    for (let i = 0; i + QUOTE_GRAM <= lower.length; i++) {
      const gram = lower.slice(i, i + QUOTE_GRAM);
      const at = grams.get(gram);
      if (at) at.push(i);
      else grams.set(gram, [i]);
    }
    for (let j = 0; j + QUOTE_GRAM <= source.length && grams.size > 0; j++) {
      const gram = source.slice(j, j + QUOTE_GRAM);
      const at = grams.get(gram);
      if (!at) continue;
      for (const i of at) quoted.fill(1, i, i + QUOTE_GRAM);
      grams.delete(gram);
    }
  }
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (!quoted[i]) out += text[i];
    else if (i === 0 || !quoted[i - 1]) out += REDACTED;
  }
  return out.length > MAX_ERROR_MESSAGE_CHARS ? `${out.slice(0, MAX_ERROR_MESSAGE_CHARS - 1)}…` : out;
}

/** The one error type every provider throws; `isRetryable` says whether another attempt may help. */
export class ProviderError extends Error {
  readonly isRetryable: boolean;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; raw?: unknown; retryable?: boolean; usage?: Usage } = {},
  ) {
    super(message);
    this.name = "ProviderError";
    this.isRetryable = details.retryable ?? RETRYABLE.has(code);
  }

  /**
   * The same error with a message that quotes no part of `input` (see `withoutInput`) and no raw
   * payload: an upstream error body may echo the request, and decisions store the message.
   */
  withoutInput(input: string): ProviderError {
    const { raw: _raw, ...details } = this.details;
    return new ProviderError(this.code, withoutInput(this.message, input), { ...details, retryable: this.isRetryable });
  }

  /** Maps an HTTP status from a model endpoint to an error. */
  static fromStatus(status: number, message: string, retryAfterMs?: number, raw?: unknown): ProviderError {
    if (status === 429) return new ProviderError("rate_limited", message, { status, retryAfterMs, raw });
    if (status === 408) return new ProviderError("timeout", message, { status, raw });
    if (status >= 500) return new ProviderError("server_error", message, { status, retryAfterMs, raw });
    return new ProviderError("client_error", message, { status, raw });
  }

  /** Normalizes anything thrown during a call, keeping a ProviderError as it is. */
  static from(error: unknown, signal?: AbortSignal): ProviderError {
    if (error instanceof ProviderError) return error;
    if (signal?.aborted) {
      const reason = signal.reason as { name?: string } | undefined;
      return reason?.name === "TimeoutError"
        ? new ProviderError("timeout", "The model did not answer before the attempt's timeout")
        : new ProviderError("aborted", "The call was aborted");
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError("network_error", message);
  }
}

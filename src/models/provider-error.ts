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
  | "aborted";

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

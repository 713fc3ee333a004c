import { parseRetryAfterMs } from "../time/retry-after.ts";

/** What one attempt at sending an output came to. */
export type OutputAttempt =
  | { ok: true; status: number }
  | {
      ok: false;
      /** The HTTP status; null for a network error or a timeout. */
      status: number | null;
      error: string;
      /** `retry` follows the schedule; `permanent` will never succeed; `gone` disables the output. */
      next: "retry" | "permanent" | "gone";
      retryAfterSeconds: number | null;
    };

export function failed(status: number | null, error: string, next: "retry" | "permanent" | "gone", retryAfterSeconds: number | null = null): OutputAttempt {
  return { ok: false, status, error, next, retryAfterSeconds };
}

/** A fetch that failed before any answer (DNS, TLS, reset, our own timeout): worth retrying. */
export function networkFailure(error: unknown): OutputAttempt {
  const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
  return failed(null, timedOut ? "timed out" : `network error: ${(error as Error)?.message ?? String(error)}`, "retry");
}

/**
 * Sends one request: a network failure or a 2xx is settled here, any other answer is judged by
 * `onFailure` (each receiver has its own rules for what is worth retrying).
 */
export async function attemptSend(send: () => Promise<Response>, onFailure: (response: Response) => Promise<OutputAttempt>): Promise<OutputAttempt> {
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    return networkFailure(error);
  }
  if (!response.ok) return onFailure(response);
  await response.body?.cancel();
  return { ok: true, status: response.status };
}

/** The Retry-After of a response, in whole seconds. */
export function retryAfterOf(response: Response, nowMs: number): number | null {
  const ms = parseRetryAfterMs(response.headers.get("retry-after"), nowMs);
  return ms === null ? null : Math.ceil(ms / 1000);
}

/** Reads at most a little of an error body for the delivery log. */
export async function errorSnippet(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  return text.slice(0, 200);
}

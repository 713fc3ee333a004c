import { utf8 } from "./bytes.ts";
import { attemptSend, errorSnippet, failed, retryAfterOf, type OutputAttempt } from "./output-attempt.ts";
import { checkOutboundUrl, type UrlPolicy } from "./ssrf.ts";
import { signStandardWebhook } from "./standard-webhooks.ts";

export interface Callback {
  url: string;
  /** The integration's own `whsec_...` secret. */
  secret: string;
  /** The same on every attempt, so the receiver can drop a copy it already accepted. */
  messageId: string;
  payload: unknown;
}

export interface CallbackContext {
  fetch: typeof fetch;
  now: number;
  policy: UrlPolicy;
  timeoutMs: number;
}

/**
 * POSTs a result to the integration's callback URL, signed with the Standard Webhooks scheme.
 * Redirects are not followed: a redirect could point the Worker at an address the URL check refused.
 */
export async function sendCallback(callback: Callback, context: CallbackContext): Promise<OutputAttempt> {
  const check = checkOutboundUrl(callback.url, context.policy);
  if (!check.ok) return failed(null, `the callback URL is refused: ${check.reason}`, "permanent");
  const body = utf8(JSON.stringify(callback.payload));
  const signature = await signStandardWebhook(callback.secret, callback.messageId, context.now / 1000, body);
  return attemptSend(
    () =>
      context.fetch(check.url.href, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "edge-cascade-webhooks/1", ...signature },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(context.timeoutMs),
      }),
    async (response) => {
      const snippet = await errorSnippet(response);
      if (response.status === 410) return failed(410, "the receiver answered 410 Gone: callbacks are disabled", "gone");
      return failed(response.status, `HTTP ${response.status}${snippet ? `: ${snippet}` : ""}`, "retry", retryAfterOf(response, context.now));
    },
  );
}

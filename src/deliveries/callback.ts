import type { IntegrationSettings } from "../../schema/integrations.ts";
import { utf8 } from "../text/encoding.ts";
import type { OutputChannel } from "./adapter.ts";
import { attemptSend, errorSnippet, failed, retryAfterOf, type OutputAttempt } from "./output-attempt.ts";
import type { DeliveryResult } from "./result.ts";
import { checkOutboundUrl, type UrlPolicy } from "./ssrf.ts";
import { signStandardWebhook } from "./standard/signature.ts";

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

/** The callback's body, in the Standard Webhooks payload convention `{ type, timestamp, data }`. */
export function callbackPayload(integrationId: string, deliveryId: string, externalId: string, result: DeliveryResult, now: number) {
  return {
    type: "delivery.processed",
    timestamp: new Date(now).toISOString(),
    data: { integration_id: integrationId, delivery_id: deliveryId, external_id: externalId, ...result },
  };
}

function activeCallback(settings: IntegrationSettings) {
  return settings.callback && !settings.callback.disabled_at ? settings.callback : null;
}

/** The signed callback every sender's integration can have. */
export const callbackChannel: OutputChannel = {
  kind: "callback",
  planned: (settings, secrets) => activeCallback(settings) !== null && secrets.callback !== undefined,
  async send({ ports, message, integration, secrets, outputId, externalId, now, timeoutMs }) {
    const callback = activeCallback(integration.settings);
    if (!callback || !secrets.callback) return failed(null, "the callback was removed or disabled", "gone");
    const payload = callbackPayload(integration.id, message.delivery_id, externalId, message.result, now);
    const policy = { allowLocalHttp: ports.config.ENVIRONMENT !== "production" };
    return sendCallback({ url: callback.url, secret: secrets.callback, messageId: outputId, payload }, { fetch: ports.fetch, now, timeoutMs, policy });
  },
};

import { sendCallback } from "../integrations/callback.ts";
import { callbackPayload, githubCommentBody, slackReplyText } from "../integrations/delivery-result.ts";
import { addLabels, createComment } from "../integrations/github-client.ts";
import type { OutputAttempt } from "../integrations/output-attempt.ts";
import { postThreadReply, postToResponseUrl } from "../integrations/slack-client.ts";
import type { PipelineDeps } from "../pipeline/deps.ts";
import { findDelivery, findOutput, updateDelivery, updateOutput } from "../storage/deliveries.ts";
import { disableCallback, findIntegration, openSecrets, type IntegrationRow, type IntegrationSecrets } from "../storage/integrations.ts";
import type { OutputMessage } from "./webhook-messages.ts";

/** How long one outbound call may take before it counts as a failed attempt. */
export const OUTPUT_TIMEOUT_MS = 10_000;

/** What the consumer does with the message after one attempt. */
export type OutputOutcome = { next: "ack"; note: string } | { next: "retry"; retryAfterSeconds: number | null };

async function attempt(deps: PipelineDeps, message: OutputMessage, integration: IntegrationRow, secrets: IntegrationSecrets, outputId: string, externalId: string): Promise<OutputAttempt> {
  const now = deps.clock.now();
  const base = { fetch: deps.fetch, now, timeoutMs: OUTPUT_TIMEOUT_MS };
  const { target, result } = message;
  switch (message.output) {
    case "callback": {
      const callback = integration.settings.callback;
      if (!callback || callback.disabled_at || !secrets.callback) return { ok: false, status: null, error: "the callback was removed or disabled", next: "gone", retryAfterSeconds: null };
      const policy = { allowLocalHttp: deps.config.ENVIRONMENT !== "production" };
      const payload = callbackPayload(integration.id, message.delivery_id, externalId, result, now);
      return sendCallback({ url: callback.url, secret: secrets.callback, messageId: outputId, payload }, { ...base, policy });
    }
    case "github_label":
    case "github_comment": {
      if (target?.kind !== "github_issue" || !secrets.github_token) return { ok: false, status: null, error: "no GitHub issue or token", next: "permanent", retryAfterSeconds: null };
      const github = { ...base, token: secrets.github_token };
      return message.output === "github_label"
        ? addLabels(target, [result.classification!.output!], github)
        : createComment(target, githubCommentBody(result), github);
    }
    case "slack_reply": {
      const text = slackReplyText(result);
      if (target?.kind === "slack_response_url") return postToResponseUrl(target, text, base);
      if (target?.kind === "slack_thread" && secrets.slack_bot_token) return postThreadReply(target, text, secrets.slack_bot_token, base);
      return { ok: false, status: null, error: "no Slack thread with a bot token, nor a response_url", next: "permanent", retryAfterSeconds: null };
    }
  }
}

/**
 * Sends one output of a processed delivery, once: an output already sent, failed or disabled
 * is not sent again when its message is redelivered. Records each attempt on the output row.
 */
export async function sendDeliveryOutput(deps: PipelineDeps, message: OutputMessage): Promise<OutputOutcome> {
  const output = await findOutput(deps.db, message.delivery_id, message.output);
  if (!output) return { next: "ack", note: "the output no longer exists" };
  if (output.status === "sent" || output.status === "failed" || output.status === "disabled") return { next: "ack", note: `already ${output.status}` };
  const [integration, delivery] = await Promise.all([findIntegration(deps.db, message.integration_id), findDelivery(deps.db, message.delivery_id)]);
  if (!integration || !delivery) return { next: "ack", note: "the integration was deleted" };
  const secrets = await openSecrets(deps.config.DECISION_HASH_KEY, integration);

  const outcome = await attempt(deps, message, integration, secrets, output.id, delivery.externalId);
  const attempts = output.attempts + 1;
  const now = deps.clock.now();
  if (outcome.ok) {
    await updateOutput(deps.db, output.id, { status: "sent", attempts, lastStatus: outcome.status, error: null, sentAt: now });
    return { next: "ack", note: `sent (HTTP ${outcome.status})` };
  }
  const recorded = { attempts, lastStatus: outcome.status, error: outcome.error };
  if (outcome.next === "gone") {
    if (message.output === "callback" && outcome.status === 410) await disableCallback(deps.db, integration.id, outcome.error, now);
    await updateOutput(deps.db, output.id, { ...recorded, status: "disabled" });
    return { next: "ack", note: outcome.error };
  }
  if (outcome.next === "permanent") {
    await updateOutput(deps.db, output.id, { ...recorded, status: "failed" });
    await updateDelivery(deps.db, delivery.id, { status: "failed", error: `${message.output}: ${outcome.error}` });
    return { next: "ack", note: outcome.error };
  }
  await updateOutput(deps.db, output.id, { ...recorded, status: "retrying" });
  return { next: "retry", retryAfterSeconds: outcome.retryAfterSeconds };
}

import type { IntegrationSettings } from "../../schema/integrations.ts";
import type { OutputKind } from "../storage/deliveries.ts";
import type { IntegrationSecrets } from "../storage/integrations.ts";
import { COMMENT_MARKER } from "./github-events.ts";
import type { OutputTarget } from "./inbound-event.ts";

/** One decision as the outputs report it. */
export interface ResultDecision {
  decision_id: string;
  task_id: string | null;
  /** The label, or the summary; null when no tier answered or a summary's text was not kept. */
  output: string | null;
  confidence: number | null;
  tier: string | null;
  status: "ok" | "degraded" | "failed";
}

/** What processing a delivery produced: what the callback, GitHub and Slack are told. */
export interface DeliveryResult {
  event: string;
  classification: ResultDecision | null;
  summary: ResultDecision | null;
}

/** The outputs a processed delivery sends, given the integration's settings, secrets and the event's target. */
export function plannedOutputs(
  settings: IntegrationSettings,
  secrets: IntegrationSecrets,
  target: OutputTarget | null,
  result: DeliveryResult,
): OutputKind[] {
  const kinds: OutputKind[] = [];
  if (settings.callback && !settings.callback.disabled_at && secrets.callback) kinds.push("callback");
  if (target?.kind === "github_issue" && secrets.github_token) {
    if (settings.github?.label && result.classification?.output) kinds.push("github_label");
    if (settings.github?.comment && result.summary?.output) kinds.push("github_comment");
  }
  const slackTarget = target?.kind === "slack_response_url" || (target?.kind === "slack_thread" && secrets.slack_bot_token);
  if (settings.slack?.reply && slackTarget && (result.classification?.output || result.summary?.output)) kinds.push("slack_reply");
  return kinds;
}

/** The callback's body, in the Standard Webhooks payload convention `{ type, timestamp, data }`. */
export function callbackPayload(integrationId: string, deliveryId: string, externalId: string, result: DeliveryResult, now: number) {
  return {
    type: "delivery.processed",
    timestamp: new Date(now).toISOString(),
    data: { integration_id: integrationId, delivery_id: deliveryId, external_id: externalId, ...result },
  };
}

function confidenceText(decision: ResultDecision): string {
  return decision.confidence === null ? "" : ` (confidence ${decision.confidence.toFixed(2)}, ${decision.tier} tier)`;
}

/** The GitHub comment that carries a summary; the marker keeps it from being summarized in turn. */
export function githubCommentBody(result: DeliveryResult): string {
  const summary = result.summary!;
  const label = result.classification?.output ? `\n\nSuggested label: \`${result.classification.output}\`` : "";
  return `${COMMENT_MARKER}\n**Summary**${confidenceText(summary)}\n\n${summary.output}${label}`;
}

/** The Slack reply: the label and/or the summary. */
export function slackReplyText(result: DeliveryResult): string {
  const lines: string[] = [];
  if (result.classification?.output) lines.push(`Label: *${result.classification.output}*${confidenceText(result.classification)}`);
  if (result.summary?.output) lines.push(`Summary: ${result.summary.output}`);
  return lines.join("\n");
}

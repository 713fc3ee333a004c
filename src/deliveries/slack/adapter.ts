import { z } from "zod";
import type { OutputChannel, SenderAdapter, SenderOutputSettings } from "../adapter.ts";
import { failed } from "../output-attempt.ts";
import { confidenceNote, type DeliveryResult } from "../result.ts";
import { postThreadReply, postToResponseUrl } from "./client.ts";
import { SLACK_EVENTS, slackEvent } from "./events.ts";
import { verifySlackSignature } from "./signature.ts";

/** The longest summary a reply quotes. */
const MAX_REPLY_SUMMARY = 2_000;

/**
 * A model's text as inert quoted Slack mrkdwn: `&`, `<` and `>` escaped as Slack asks (so no
 * `<!channel>`, `<!here>`, `<@U…>` or `<url|label>`), "@" followed by a word joiner (no
 * @channel), formatting characters escaped, cut to a bounded length.
 */
export function quotedMrkdwn(text: string): string {
  const cut = text.length > MAX_REPLY_SUMMARY ? `${text.slice(0, MAX_REPLY_SUMMARY)}…` : text;
  return cut
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "@\u2060")
    .replace(/[*_~`]/g, (c) => `\u2060${c}\u2060`)
    .split(/\r?\n/)
    .map((line) => `>${line}`)
    .join("\n");
}

/** The Slack reply: the label and/or the summary, quoted. */
export function slackReplyText(result: DeliveryResult): string {
  const lines: string[] = [];
  if (result.classification?.output) lines.push(`Label: *${result.classification.output}*${confidenceNote(result.classification)}`);
  if (result.summary?.output) lines.push(`Summary:\n${quotedMrkdwn(result.summary.output)}`);
  return lines.join("\n");
}

const replyChannel: OutputChannel = {
  kind: "slack_reply",
  planned: (settings, secrets, target, result) => {
    const reachable = target?.kind === "slack_response_url" || (target?.kind === "slack_thread" && secrets.slack_bot_token !== undefined);
    return settings.slack?.reply === true && reachable && Boolean(result.classification?.output || result.summary?.output);
  },
  send: ({ message, secrets, ports, now, timeoutMs }) => {
    const { target } = message;
    const text = slackReplyText(message.result);
    const context = { fetch: ports.fetch, now, timeoutMs };
    if (target?.kind === "slack_response_url") return postToResponseUrl(target, text, context);
    if (target?.kind === "slack_thread" && secrets.slack_bot_token) return postThreadReply(target, text, secrets.slack_bot_token, context);
    return Promise.resolve(failed(null, "no Slack thread with a bot token, nor a response_url", "permanent"));
  },
};

const slackOutputInput = z
  .object({
    bot_token: z.string().min(10).max(500).optional().describe("xoxb- token with chat:write, to reply in the message's thread (write-only)"),
    reply: z.boolean().optional().describe("Reply in thread (messages) or through the response URL (slash commands)"),
  })
  .strict();

const slackOutputs: SenderOutputSettings<z.infer<typeof slackOutputInput>> = {
  key: "slack",
  schema: slackOutputInput,
  apply(input, settings, secrets) {
    settings.slack = { reply: input.reply ?? settings.slack?.reply ?? true };
    const token = input.bot_token ?? secrets.slack_bot_token;
    if (token) secrets.slack_bot_token = token;
  },
  remove(settings, secrets) {
    delete settings.slack;
    delete secrets.slack_bot_token;
  },
};

/** A Slack app: Events API messages and mentions, and slash commands, in; thread replies out. */
export const slackAdapter: SenderAdapter = {
  kind: "slack",
  events: SLACK_EVENTS,
  signatureHelp: "`X-Slack-Signature` (v0) over `v0:X-Slack-Request-Timestamp:body`, timestamp within 5 minutes.",
  readsTextPointer: false,
  signingSecretProblem: () => null,
  verify: (request, secrets, nowMs) =>
    verifySlackSignature(secrets, request.body, { timestamp: request.header("x-slack-request-timestamp"), signature: request.header("x-slack-signature") }, nowMs),
  read: (request) => slackEvent(request.text, request.header("content-type")),
  // Slack shows a slash command's answer to the user; the result follows through response_url.
  acknowledgement: (event) => (event === "slash_command" ? { response_type: "ephemeral", text: "Working on it…" } : null),
  channels: [replyChannel],
  outputSettings: slackOutputs,
};

import { truncateUtf8 } from "../../text/limits.ts";
import { isRecord, parseJsonObject, type InboundEvent, type OutputTarget } from "../inbound-event.ts";

/** The Slack events an integration can map to tasks. */
export const SLACK_EVENTS = ["message", "app_mention", "slash_command"] as const;

/** Slack's response URLs all live on this host; anything else in a payload is not Slack's. */
const RESPONSE_URL_HOST = "hooks.slack.com";

/**
 * Reads a verified Slack request: an Events API callback (JSON), the url_verification
 * handshake, or a slash command (form-encoded, answered through its response_url).
 */
export function slackEvent(body: string, contentType: string | undefined): InboundEvent {
  if (contentType?.includes("application/x-www-form-urlencoded")) return slashCommand(new URLSearchParams(body));
  const payload = parseJsonObject(body);
  if (!payload) return { type: "malformed", reason: "The body is not a JSON object" };
  if (payload.type === "url_verification") {
    if (typeof payload.challenge !== "string") return { type: "malformed", reason: "url_verification without a challenge" };
    return { type: "handshake", body: { challenge: payload.challenge } };
  }
  if (payload.type !== "event_callback") return { type: "ignored", reason: `Slack request type ${String(payload.type)} is not handled` };
  const event = payload.event;
  if (!isRecord(event) || typeof payload.event_id !== "string") return { type: "malformed", reason: "event_callback without event or event_id" };
  if (event.type !== "message" && event.type !== "app_mention") return { type: "ignored", reason: `Slack event ${String(event.type)} is not handled` };
  // Edits, joins and bot messages (the Worker's own replies included) are not new text to route.
  if (event.subtype !== undefined || event.bot_id !== undefined) return { type: "ignored", reason: "Bot messages and message subtypes are not handled" };
  if (typeof event.text !== "string" || !event.text.trim()) return { type: "ignored", reason: "The message has no text" };
  if (typeof event.channel !== "string" || typeof event.ts !== "string") return { type: "malformed", reason: "The message has no channel or ts" };
  return {
    type: "event",
    deliveryId: payload.event_id,
    event: event.type,
    text: truncateUtf8(event.text),
    target: { kind: "slack_thread", channel: event.channel, thread_ts: typeof event.thread_ts === "string" ? event.thread_ts : event.ts },
  };
}

function slashCommand(params: URLSearchParams): InboundEvent {
  const triggerId = params.get("trigger_id");
  const responseUrl = params.get("response_url");
  if (!params.get("command") || !triggerId) return { type: "ignored", reason: "Only slash commands are handled as forms" };
  const text = params.get("text") ?? "";
  if (!text.trim()) return { type: "ignored", reason: "The command has no text" };
  let target: OutputTarget | null = null;
  if (responseUrl) {
    try {
      const url = new URL(responseUrl);
      if (url.protocol === "https:" && url.hostname === RESPONSE_URL_HOST && !url.username) target = { kind: "slack_response_url", response_url: url.href };
    } catch {
      // A response_url that is not a URL leaves the command without a reply.
    }
  }
  return { type: "event", deliveryId: triggerId, event: "slash_command", text: truncateUtf8(text), target };
}

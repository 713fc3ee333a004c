import { truncateUtf8 } from "../../text/limits.ts";
import { isRecord, parseJsonObject, type InboundEvent } from "../inbound-event.ts";

/** The GitHub events an integration can map to tasks, as `event.action`. */
export const GITHUB_EVENTS = ["issues.opened", "issues.edited", "issue_comment.created", "pull_request.opened"] as const;

/** Hidden in every comment the Worker posts, so its own comments are not classified again. */
export const COMMENT_MARKER = "<!-- edge-cascade -->";

export interface GithubRequest {
  event: string | undefined;
  deliveryId: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** GitHub sends JSON, or `payload=<json>` when the webhook's content type is form-encoded. */
function payloadOf(request: GithubRequest): Record<string, unknown> | null {
  if (request.contentType?.includes("application/x-www-form-urlencoded")) {
    const payload = new URLSearchParams(request.body).get("payload");
    return payload === null ? null : parseJsonObject(payload);
  }
  return parseJsonObject(request.body);
}

function titleAndBody(item: Record<string, unknown>): string {
  const title = typeof item.title === "string" ? item.title : "";
  const body = typeof item.body === "string" ? item.body : "";
  return body ? `${title}\n\n${body}` : title;
}

/** Reads a verified GitHub webhook: which event, which text, and which issue to answer on. */
export function githubEvent(request: GithubRequest): InboundEvent {
  const payload = payloadOf(request);
  if (!payload) return { type: "malformed", reason: "The body is not a JSON object" };
  if (request.event === "ping") return { type: "handshake", body: { ok: true, zen: payload.zen ?? null, hook_id: payload.hook_id ?? null } };
  if (!request.deliveryId) return { type: "malformed", reason: "Missing X-GitHub-Delivery header" };
  const event = `${request.event}.${String(payload.action)}`;
  if (!(GITHUB_EVENTS as readonly string[]).includes(event)) return { type: "ignored", reason: `${event} is not an event this integration handles` };

  const repository = payload.repository;
  if (!isRecord(repository) || !isRecord(repository.owner)) return { type: "malformed", reason: "The payload has no repository" };
  const item = request.event === "pull_request" ? payload.pull_request : payload.issue;
  if (!isRecord(item) || typeof item.number !== "number") return { type: "malformed", reason: `The payload has no ${request.event === "pull_request" ? "pull_request" : "issue"}` };

  let text = titleAndBody(item);
  if (request.event === "issue_comment") {
    const comment = payload.comment;
    if (!isRecord(comment) || typeof comment.body !== "string") return { type: "malformed", reason: "The payload has no comment" };
    if (comment.body.includes(COMMENT_MARKER)) return { type: "ignored", reason: "The comment was posted by edge-cascade" };
    if (isRecord(payload.sender) && payload.sender.type === "Bot") return { type: "ignored", reason: "The comment was posted by a bot" };
    text = comment.body;
  }
  if (!text.trim()) return { type: "ignored", reason: "The event has no text" };
  return {
    type: "event",
    deliveryId: request.deliveryId,
    event,
    text: truncateUtf8(text),
    target: { kind: "github_issue", owner: String(repository.owner.login), repo: String(repository.name), number: item.number },
  };
}

import type { OutputTarget } from "../inbound-event.ts";
import { errorSnippet, failed, networkFailure, retryAfterOf, type OutputAttempt } from "../output-attempt.ts";

export const SLACK_API = "https://slack.com/api";

/** Slack's `error` codes that a later attempt may get past. */
const TRANSIENT_ERRORS = new Set(["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

export interface SlackContext {
  fetch: typeof fetch;
  now: number;
  timeoutMs: number;
}

/** Replies in the message's thread with `chat.postMessage` and a bot token. */
export async function postThreadReply(
  target: Extract<OutputTarget, { kind: "slack_thread" }>,
  text: string,
  botToken: string,
  context: SlackContext,
): Promise<OutputAttempt> {
  const response = await post(
    `${SLACK_API}/chat.postMessage`,
    { channel: target.channel, thread_ts: target.thread_ts, text, unfurl_links: false, unfurl_media: false, link_names: false },
    { authorization: `Bearer ${botToken}` },
    context,
  );
  if (!(response instanceof Response)) return response;
  if (!response.ok) return httpFailure(response, context.now);
  // Web API failures are HTTP 200 with `ok: false`.
  const result = (await response.json().catch(() => null)) as { ok?: boolean; error?: string } | null;
  if (result?.ok) return { ok: true, status: response.status };
  const error = result?.error ?? "unreadable response";
  return failed(response.status, `chat.postMessage: ${error}`, TRANSIENT_ERRORS.has(error) ? "retry" : "permanent");
}

/** Answers a slash command through its response_url (valid for 30 minutes, 5 uses). */
export async function postToResponseUrl(
  target: Extract<OutputTarget, { kind: "slack_response_url" }>,
  text: string,
  context: SlackContext,
): Promise<OutputAttempt> {
  const response = await post(target.response_url, { response_type: "in_channel", replace_original: false, text }, {}, context);
  if (!(response instanceof Response)) return response;
  if (response.ok) {
    await response.body?.cancel();
    return { ok: true, status: response.status };
  }
  return httpFailure(response, context.now);
}

async function post(url: string, body: unknown, headers: Record<string, string>, context: SlackContext): Promise<Response | OutputAttempt> {
  try {
    return await context.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
  } catch (error) {
    return networkFailure(error);
  }
}

async function httpFailure(response: Response, now: number): Promise<OutputAttempt> {
  const message = `Slack answered ${response.status}: ${await errorSnippet(response)}`;
  if (response.status === 429 || response.status >= 500) return failed(response.status, message, "retry", retryAfterOf(response, now));
  return failed(response.status, message, "permanent");
}

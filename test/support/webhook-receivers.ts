import { vi } from "vitest";

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  redirect: string;
  /** The raw body, as sent. */
  body: string;
  json: any;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

/**
 * Answers the Worker's outbound fetch for the given URL prefixes (a callback receiver, the
 * GitHub or Slack API) and records each request; any other URL fails the test loudly.
 */
export function outboundDouble(routes: Record<string, Responder>) {
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const prefix = Object.keys(routes).find((p) => request.url.startsWith(p));
    if (!prefix) throw new Error(`unexpected fetch to ${request.url}`);
    const body = await request.text();
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      // Not JSON.
    }
    const recorded = { url: request.url, method: request.method, headers: request.headers, redirect: request.redirect, body, json };
    requests.push(recorded);
    const index = counts.get(prefix) ?? 0;
    counts.set(prefix, index + 1);
    return routes[prefix](recorded, index);
  });
  return { requests, to: (prefix: string) => requests.filter((r) => r.url.startsWith(prefix)) };
}

/** The GitHub REST API's answer to `POST .../issues/{n}/labels`: the issue's labels. */
export function githubLabelsResponse(labels: string[]): Response {
  return Response.json(
    labels.map((name, i) => ({ id: 208045946 + i, node_id: "MDU6TGFiZWwyMDgwNDU5NDY=", url: `https://api.github.com/repos/Codertocat/Hello-World/labels/${name}`, name, description: null, color: "f29513", default: false })),
    { status: 200, headers: { "x-ratelimit-remaining": "4999", "x-github-request-id": "CE4A:3F2C:1B2F3A:3C4D5E:6563A1B2" } },
  );
}

/** The GitHub REST API's answer to `POST .../issues/{n}/comments`. */
export function githubCommentResponse(body: string, number = 1): Response {
  return Response.json(
    {
      id: 1,
      node_id: "MDEyOklzc3VlQ29tbWVudDE=",
      url: "https://api.github.com/repos/Codertocat/Hello-World/issues/comments/1",
      html_url: `https://github.com/Codertocat/Hello-World/issues/${number}#issuecomment-1`,
      body,
      user: { login: "edge-cascade", id: 1, type: "User" },
      created_at: "2026-11-27T10:00:00Z",
      updated_at: "2026-11-27T10:00:00Z",
      issue_url: `https://api.github.com/repos/Codertocat/Hello-World/issues/${number}`,
      author_association: "COLLABORATOR",
    },
    { status: 201 },
  );
}

/** GitHub's error body. */
export function githubError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ message, documentation_url: "https://docs.github.com/rest", status: String(status) }, { status, headers });
}

/** Slack Web API `chat.postMessage` success. */
export function slackPosted(channel: string, text: string, threadTs: string): Response {
  return Response.json({
    ok: true,
    channel,
    ts: "1503435956.000247",
    message: { text, username: "edge-cascade", bot_id: "B06NWJ3NH", type: "message", subtype: "bot_message", ts: "1503435956.000247", thread_ts: threadTs },
  });
}

/** Slack Web API failure: HTTP 200 with `ok: false`. */
export function slackFailure(error: string): Response {
  return Response.json({ ok: false, error });
}

import type { OutputTarget } from "../inbound-event.ts";
import { attemptSend, errorSnippet, failed, retryAfterOf, type OutputAttempt } from "../output-attempt.ts";

export const GITHUB_API = "https://api.github.com";
const API_VERSION = "2022-11-28";

export type IssueTarget = Extract<OutputTarget, { kind: "github_issue" }>;

export interface GithubContext {
  fetch: typeof fetch;
  token: string;
  now: number;
  timeoutMs: number;
}

function issueUrl(target: IssueTarget, suffix: "labels" | "comments"): string {
  const owner = encodeURIComponent(target.owner);
  const repo = encodeURIComponent(target.repo);
  return `${GITHUB_API}/repos/${owner}/${repo}/issues/${target.number}/${suffix}`;
}

/** Adds labels to an issue or pull request (`POST /repos/{owner}/{repo}/issues/{n}/labels`). */
export function addLabels(target: IssueTarget, labels: string[], context: GithubContext): Promise<OutputAttempt> {
  return call(issueUrl(target, "labels"), { labels }, context);
}

/** Comments on an issue or pull request (`POST /repos/{owner}/{repo}/issues/{n}/comments`). */
export function createComment(target: IssueTarget, body: string, context: GithubContext): Promise<OutputAttempt> {
  return call(issueUrl(target, "comments"), { body }, context);
}

async function call(url: string, body: unknown, context: GithubContext): Promise<OutputAttempt> {
  const send = () =>
    context.fetch(url, {
      method: "POST",
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${context.token}`,
        "content-type": "application/json",
        "user-agent": "edge-cascade",
        "x-github-api-version": API_VERSION,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
  return attemptSend(send, async (response) => {
    const message = `GitHub answered ${response.status}: ${await errorSnippet(response)}`;
    const rateLimited =
      response.status === 429 || (response.status === 403 && (response.headers.has("retry-after") || response.headers.get("x-ratelimit-remaining") === "0"));
    if (rateLimited) return failed(response.status, message, "retry", retryAfterOf(response, context.now) ?? resetIn(response, context.now));
    if (response.status >= 500 || response.status === 408) return failed(response.status, message, "retry", retryAfterOf(response, context.now));
    // 401 bad token, 403 no permission, 404 no such issue, 422 invalid: retrying changes nothing.
    return failed(response.status, message, "permanent");
  });
}

/** Seconds until `x-ratelimit-reset` (epoch seconds), GitHub's answer to a spent primary rate limit. */
function resetIn(response: Response, nowMs: number): number | null {
  const reset = Number(response.headers.get("x-ratelimit-reset"));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - nowMs / 1000)) : null;
}

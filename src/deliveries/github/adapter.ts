import { z } from "zod";
import type { IntegrationSettings } from "../../../schema/integrations.ts";
import { SettingsError, type OutputChannel, type SenderAdapter, type SenderOutputSettings } from "../adapter.ts";
import { failed, type OutputAttempt } from "../output-attempt.ts";
import { confidenceNote, type DeliveryResult } from "../result.ts";
import { addLabels, createComment, type GithubContext, type IssueTarget } from "./client.ts";
import { COMMENT_MARKER, GITHUB_EVENTS, githubEvent } from "./events.ts";
import { verifyGithubSignature } from "./signature.ts";

/** The longest summary a comment quotes. */
const MAX_COMMENT_SUMMARY = 2_000;

/**
 * A model's text as inert quoted markdown: no @mentions (a zero-width joiner after "@"), no
 * links, images, HTML or formatting (markdown punctuation escaped), cut to a bounded length.
 */
export function quotedMarkdown(text: string): string {
  const cut = text.length > MAX_COMMENT_SUMMARY ? `${text.slice(0, MAX_COMMENT_SUMMARY)}…` : text;
  return cut
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, "\\$&")
    .replace(/@/g, "@\u2060")
    .replace(/:\/\//g, ":\u2060//")
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join("\n");
}

/** The GitHub comment that carries a summary; the marker keeps it from being summarized in turn. */
export function githubCommentBody(result: DeliveryResult): string {
  const summary = result.summary!;
  const label = result.classification?.output ? `\n\nSuggested label: \`${result.classification.output}\`` : "";
  return `${COMMENT_MARKER}\n**Summary**${confidenceNote(summary)}\n\n${quotedMarkdown(summary.output ?? "")}${label}`;
}

/** An output on the event's issue or pull request, sent with the integration's token. */
function issueChannel(
  kind: "github_label" | "github_comment",
  wanted: (settings: IntegrationSettings, result: DeliveryResult) => boolean,
  send: (target: IssueTarget, result: DeliveryResult, context: GithubContext) => Promise<OutputAttempt>,
): OutputChannel {
  return {
    kind,
    planned: (settings, secrets, target, result) => target?.kind === "github_issue" && secrets.github_token !== undefined && wanted(settings, result),
    send: async ({ message, secrets, ports, now, timeoutMs }) => {
      const { target, result } = message;
      if (target?.kind !== "github_issue" || !secrets.github_token) return failed(null, "no GitHub issue or token", "permanent");
      return send(target, result, { fetch: ports.fetch, token: secrets.github_token, now, timeoutMs });
    },
  };
}

const labelChannel = issueChannel(
  "github_label",
  (settings, result) => settings.github?.label === true && Boolean(result.classification?.output),
  (target, result, context) => addLabels(target, [result.classification!.output!], context),
);

const commentChannel = issueChannel(
  "github_comment",
  (settings, result) => settings.github?.comment === true && Boolean(result.summary?.output),
  (target, result, context) => createComment(target, githubCommentBody(result), context),
);

const githubOutputInput = z
  .object({
    token: z.string().min(10).max(500).optional().describe("A token with issues (and pull requests) write access (write-only)"),
    label: z.boolean().optional().describe("Add the predicted label to the issue"),
    comment: z.boolean().optional().describe("Post the summary as a comment"),
  })
  .strict();

const githubOutputs: SenderOutputSettings<z.infer<typeof githubOutputInput>> = {
  key: "github",
  schema: githubOutputInput,
  apply(input, settings, secrets) {
    const token = input.token ?? secrets.github_token;
    if (!token) throw new SettingsError("outputs.github.token", "Writing labels or comments needs a token");
    settings.github = { label: input.label ?? settings.github?.label ?? true, comment: input.comment ?? settings.github?.comment ?? false };
    secrets.github_token = token;
  },
  remove(settings, secrets) {
    delete settings.github;
    delete secrets.github_token;
  },
};

/** GitHub repository webhooks: issues and pull requests in, labels and comments out. */
export const githubAdapter: SenderAdapter = {
  kind: "github",
  events: GITHUB_EVENTS,
  signatureHelp: "`X-Hub-Signature-256` (HMAC-SHA256 of the raw body); `X-GitHub-Event` and `X-GitHub-Delivery` as GitHub sends them.",
  readsTextPointer: false,
  signingSecretProblem: () => null,
  verify: (request, secrets) => verifyGithubSignature(secrets, request.body, request.header("x-hub-signature-256")),
  // Only the body is signed: a captured body replayed under a new X-GitHub-Delivery is a duplicate.
  dedupesBodies: true,
  read: (request) =>
    githubEvent({
      event: request.header("x-github-event"),
      deliveryId: request.header("x-github-delivery"),
      contentType: request.header("content-type"),
      body: request.text,
    }),
  channels: [labelChannel, commentChannel],
  outputSettings: githubOutputs,
};

import type { EventRoute, IntegrationSettings } from "../../../schema/integrations.ts";
import { ApiError } from "../../http/errors.ts";
import { GITHUB_EVENTS } from "../../integrations/github-events.ts";
import { SLACK_EVENTS } from "../../integrations/slack-events.ts";
import { checkOutboundUrl } from "../../integrations/ssrf.ts";
import { STANDARD_SECRET } from "../../integrations/standard-webhooks.ts";
import type { Database } from "../../storage/database.ts";
import type { IntegrationKind, IntegrationSecrets } from "../../storage/integrations.ts";
import { findTask } from "../../storage/tasks.ts";
import type { OutputsInput } from "./schemas.ts";

const EVENTS_BY_KIND: Record<IntegrationKind, readonly string[] | null> = { github: GITHUB_EVENTS, slack: SLACK_EVENTS, standard: null };

function invalid(path: string, message: string): ApiError {
  return new ApiError("invalid_request", `Invalid request: ${path}: ${message}`, [{ path, message }]);
}

/** Resolves task names to ids and checks each event exists for the kind and each task has the right kind. */
export async function resolveEvents(db: Database, kind: IntegrationKind, events: Record<string, { classify?: string; summarize?: string }>) {
  const allowed = EVENTS_BY_KIND[kind];
  const resolved: Record<string, EventRoute> = {};
  for (const [event, route] of Object.entries(events)) {
    if (allowed && !allowed.includes(event)) throw invalid(`events.${event}`, `${kind} integrations handle ${allowed.join(", ")}`);
    const entry: EventRoute = {};
    for (const taskKind of ["classify", "summarize"] as const) {
      const ref = route[taskKind];
      if (!ref) continue;
      const task = await findTask(db, ref);
      if (!task) throw invalid(`events.${event}.${taskKind}`, `No task with id or name ${JSON.stringify(ref)}`);
      if (task.kind !== taskKind) throw invalid(`events.${event}.${taskKind}`, `Task ${task.name} is a ${task.kind} task`);
      entry[`${taskKind}_task_id`] = task.id;
    }
    resolved[event] = entry;
  }
  return resolved;
}

export function checkSigningSecrets(kind: IntegrationKind, secrets: string[]): string[] {
  if (kind === "standard") {
    secrets.forEach((secret, i) => {
      if (!STANDARD_SECRET.test(secret)) throw invalid(`secrets.${i}`, "A Standard Webhooks secret is whsec_ followed by base64");
    });
  }
  return secrets;
}

/**
 * Applies the outputs of a create or update to the stored settings and secrets. An omitted
 * output is kept, null removes it, and an omitted token or secret keeps the stored one.
 */
export function applyOutputs(
  kind: IntegrationKind,
  outputs: OutputsInput | undefined,
  settings: IntegrationSettings,
  secrets: IntegrationSecrets,
  environment: string,
): { settings: IntegrationSettings; secrets: IntegrationSecrets } {
  const nextSettings: IntegrationSettings = { ...settings };
  const nextSecrets: IntegrationSecrets = { ...secrets };
  if (!outputs) return { settings: nextSettings, secrets: nextSecrets };

  if (outputs.callback === null) {
    delete nextSettings.callback;
    delete nextSecrets.callback;
  } else if (outputs.callback) {
    const check = checkOutboundUrl(outputs.callback.url, { allowLocalHttp: environment !== "production" });
    if (!check.ok) throw invalid("outputs.callback.url", `The callback URL is refused: ${check.reason}`);
    const secret = outputs.callback.secret ?? secrets.callback;
    if (!secret) throw invalid("outputs.callback.secret", "A callback needs a whsec_ secret to sign with");
    // Setting the URL again re-enables a callback that a 410 disabled.
    nextSettings.callback = { url: check.url.href };
    nextSecrets.callback = secret;
  }

  if (outputs.github === null) {
    delete nextSettings.github;
    delete nextSecrets.github_token;
  } else if (outputs.github) {
    if (kind !== "github") throw invalid("outputs.github", "Only github integrations can write to GitHub");
    const token = outputs.github.token ?? secrets.github_token;
    if (!token) throw invalid("outputs.github.token", "Writing labels or comments needs a token");
    nextSettings.github = { label: outputs.github.label ?? settings.github?.label ?? true, comment: outputs.github.comment ?? settings.github?.comment ?? false };
    nextSecrets.github_token = token;
  }

  if (outputs.slack === null) {
    delete nextSettings.slack;
    delete nextSecrets.slack_bot_token;
  } else if (outputs.slack) {
    if (kind !== "slack") throw invalid("outputs.slack", "Only slack integrations can reply in Slack");
    nextSettings.slack = { reply: outputs.slack.reply ?? settings.slack?.reply ?? true };
    const token = outputs.slack.bot_token ?? secrets.slack_bot_token;
    if (token) nextSecrets.slack_bot_token = token;
  }
  return { settings: nextSettings, secrets: nextSecrets };
}

export function checkTextPointer(kind: IntegrationKind, pointer: string | undefined): void {
  if (kind === "standard" && pointer === undefined) throw invalid("text_pointer", "A standard integration needs a JSON pointer to its text, e.g. /data/text");
  if (kind !== "standard" && pointer !== undefined) throw invalid("text_pointer", "Only standard integrations read the text from a pointer");
}

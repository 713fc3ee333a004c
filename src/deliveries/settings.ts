import { z } from "zod";
import { TASK_KINDS } from "../../schema/enums.ts";
import type { EventRoute, IntegrationSettings } from "../../schema/integrations.ts";
import type { Database } from "../storage/database.ts";
import type { IntegrationKind, IntegrationSecrets } from "../storage/integrations.ts";
import { findTask } from "../storage/tasks.ts";
import { SettingsError } from "./adapter.ts";
import { SENDERS, senderFor } from "./senders.ts";
import { checkOutboundUrl } from "./ssrf.ts";
import { STANDARD_SECRET } from "./standard/signature.ts";

/** The callback output's input: where to POST results, and the `whsec_` secret that signs them. */
export const callbackOutputInput = z
  .object({
    url: z.string().max(2048),
    secret: z
      .string()
      .regex(STANDARD_SECRET, "Use whsec_ followed by the base64 of 24-64 random bytes")
      .max(100)
      .optional()
      .describe('Signs the callbacks (Standard Webhooks). Make one with: echo "whsec_$(openssl rand -base64 32)"'),
  })
  .strict();

/** `outputs` of a create or update: the callback, and each sender's own outputs under its key. */
export type OutputsInput = { callback?: z.infer<typeof callbackOutputInput> | null } & { [key: string]: unknown };

/**
 * Resolves task names to ids and checks each event exists for the kind and each task has the
 * right kind and is one of the integration's project (`mayUse` narrows that further: a key
 * limited to named tasks); any other task is unknown here.
 */
export async function resolveEvents(
  db: Database,
  projectId: string,
  kind: IntegrationKind,
  events: Record<string, { classify?: string; summarize?: string }>,
  mayUse: (taskId: string) => boolean = () => true,
) {
  const allowed = senderFor(kind).events;
  const resolved: Record<string, EventRoute> = {};
  for (const [event, route] of Object.entries(events)) {
    if (allowed && !allowed.includes(event)) throw new SettingsError(`events.${event}`, `${kind} integrations handle ${allowed.join(", ")}`);
    const entry: EventRoute = {};
    for (const taskKind of TASK_KINDS) {
      const ref = route[taskKind];
      if (!ref) continue;
      const task = await findTask(db, projectId, ref);
      if (!task || !mayUse(task.id)) throw new SettingsError(`events.${event}.${taskKind}`, `No task with id or name ${JSON.stringify(ref)}`);
      if (task.kind !== taskKind) throw new SettingsError(`events.${event}.${taskKind}`, `Task ${task.name} is a ${task.kind} task`);
      entry[`${taskKind}_task_id`] = task.id;
    }
    resolved[event] = entry;
  }
  return resolved;
}

/** Checks the signing secrets' format for the sender. */
export function checkSigningSecrets(kind: IntegrationKind, secrets: string[]): string[] {
  const sender = senderFor(kind);
  secrets.forEach((secret, i) => {
    const problem = sender.signingSecretProblem(secret);
    if (problem) throw new SettingsError(`secrets.${i}`, problem);
  });
  return secrets;
}

/** A text pointer is required by senders that read one and refused by the others. */
export function checkTextPointer(kind: IntegrationKind, pointer: string | undefined): void {
  const reads = senderFor(kind).readsTextPointer;
  if (reads && pointer === undefined) throw new SettingsError("text_pointer", `A ${kind} integration needs a JSON pointer to its text, e.g. /data/text`);
  if (!reads && pointer !== undefined) throw new SettingsError("text_pointer", "Only standard integrations read the text from a pointer");
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
    if (!check.ok) throw new SettingsError("outputs.callback.url", `The callback URL is refused: ${check.reason}`);
    const secret = outputs.callback.secret ?? secrets.callback;
    if (!secret) throw new SettingsError("outputs.callback.secret", "A callback needs a whsec_ secret to sign with");
    // Setting the URL again re-enables a callback that a 410 disabled.
    nextSettings.callback = { url: check.url.href };
    nextSecrets.callback = secret;
  }

  for (const sender of SENDERS) {
    const own = sender.outputSettings;
    if (!own || outputs[own.key] === undefined) continue;
    const input = outputs[own.key];
    if (input === null) own.remove(nextSettings, nextSecrets);
    else if (sender.kind !== kind) throw new SettingsError(`outputs.${own.key}`, `Only ${sender.kind} integrations can use outputs.${own.key}`);
    else own.apply(input, nextSettings, nextSecrets);
  }
  return { settings: nextSettings, secrets: nextSecrets };
}

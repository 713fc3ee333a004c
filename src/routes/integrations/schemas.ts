import { z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES, INTEGRATION_KINDS, OUTPUT_KINDS, OUTPUT_STATUSES } from "../../../schema/enums.ts";
import { SENDERS } from "../../deliveries/senders.ts";
import { callbackOutputInput } from "../../deliveries/settings.ts";
import { isJsonPointer } from "../../deliveries/standard/json-pointer.ts";
import { decisionSchema } from "../../decision-log/decision-json.ts";
import type { IntegrationRow } from "../../storage/integrations.ts";
import { isoTime } from "../common-schemas.ts";

const secret = z.string().min(8).max(256).openapi({ description: "A signing secret (write-only)", example: "It's a Secret to Everybody" });

const taskRef = z.string().min(1).max(100).openapi({ description: "Task id or name" });
const eventRoute = z
  .object({ classify: taskRef.optional(), summarize: taskRef.optional() })
  .strict()
  .refine((route) => route.classify || route.summarize, "Name a classify task, a summarize task, or both");

const events = z
  .record(z.string().min(1).max(200), eventRoute)
  .refine((map) => Object.keys(map).length >= 1 && Object.keys(map).length <= 50, "Map between 1 and 50 events")
  .openapi({
    description: `Event to tasks. ${SENDERS.map((sender) => `${sender.kind}: ${sender.events ? sender.events.join(", ") : "the payload's \`type\`, or \`*\` for any"}`).join(". ")}.`,
    example: { "issues.opened": { classify: "support-triage", summarize: "issue-summary" } },
  });

const textPointer = z
  .string()
  .max(500)
  .refine(isJsonPointer, "Use an RFC 6901 JSON pointer such as /data/text")
  .openapi({ description: "Standard Webhooks only: where the text is in the payload (RFC 6901)", example: "/data/text" });

/** The callback every sender has, then each sender's own outputs under its key. */
const outputsInput = z
  .object({
    callback: callbackOutputInput.nullable().optional(),
    ...Object.fromEntries(SENDERS.flatMap((sender) => (sender.outputSettings ? [[sender.outputSettings.key, sender.outputSettings.schema.nullable().optional()]] : []))),
  })
  .strict()
  .openapi({ description: "Where results go; null removes an output" });

const secretsFields = {
  secret: secret.optional().openapi({ description: "The signing secret; or `secrets` for several (rotation)" }),
  secrets: z.array(secret).min(1).max(5).optional().openapi({ description: "Signing secrets all accepted at once, for key rotation" }),
};

export const createIntegrationBody = z
  .object({
    kind: z.enum(INTEGRATION_KINDS),
    name: z.string().max(200).optional(),
    ...secretsFields,
    events,
    text_pointer: textPointer.optional(),
    outputs: outputsInput.optional(),
  })
  .strict()
  .refine((body) => (body.secret === undefined) !== (body.secrets === undefined), { message: "Send `secret` or `secrets`", path: ["secrets"] })
  .openapi("CreateIntegration");

export const updateIntegrationBody = z
  .object({ name: z.string().max(200).nullable().optional(), ...secretsFields, events: events.optional(), text_pointer: textPointer.optional(), outputs: outputsInput.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, "Nothing to update")
  .refine((body) => body.secret === undefined || body.secrets === undefined, "Send `secret` or `secrets`, not both")
  .openapi("UpdateIntegration");

export type CreateIntegrationBody = z.infer<typeof createIntegrationBody>;
export type UpdateIntegrationBody = z.infer<typeof updateIntegrationBody>;

const hint = z.string().nullable().openapi({ description: "The secret's last four characters (null for a short secret)" });

export const integrationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(INTEGRATION_KINDS),
    name: z.string().nullable(),
    inbound_url: z.string().openapi({ description: "Point the sender here" }),
    events: z.record(z.string(), z.object({ classify: z.string().optional(), summarize: z.string().optional() })),
    text_pointer: z.string().nullable(),
    secrets: z.object({ count: z.number().int(), hints: z.array(hint) }),
    outputs: z.object({
      callback: z
        .object({ url: z.string(), secret_hint: hint, disabled_at: z.string().nullable(), disabled_reason: z.string().nullable() })
        .nullable(),
      github: z.object({ label: z.boolean(), comment: z.boolean(), has_token: z.boolean(), token_hint: hint }).nullable(),
      slack: z.object({ reply: z.boolean(), has_bot_token: z.boolean(), bot_token_hint: hint }).nullable(),
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Integration");

/** An integration as the API shows it: every secret reduced to a hint. */
export function integrationJson(row: IntegrationRow, origin: string): z.infer<typeof integrationSchema> {
  const { settings, secretHints: hints } = row;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    inbound_url: `${origin}/hooks/${row.kind}/${row.id}`,
    events: Object.fromEntries(
      Object.entries(settings.events).map(([event, route]) => [
        event,
        { ...(route.classify_task_id && { classify: route.classify_task_id }), ...(route.summarize_task_id && { summarize: route.summarize_task_id }) },
      ]),
    ),
    text_pointer: settings.text_pointer ?? null,
    secrets: { count: hints.signing.length, hints: hints.signing },
    outputs: {
      callback: settings.callback
        ? {
            url: settings.callback.url,
            secret_hint: hints.callback ?? null,
            disabled_at: isoTime(settings.callback.disabled_at ?? null),
            disabled_reason: settings.callback.disabled_reason ?? null,
          }
        : null,
      github: settings.github
        ? { label: settings.github.label, comment: settings.github.comment, has_token: hints.github_token !== undefined, token_hint: hints.github_token ?? null }
        : null,
      slack: settings.slack
        ? { reply: settings.slack.reply, has_bot_token: hints.slack_bot_token !== undefined, bot_token_hint: hints.slack_bot_token ?? null }
        : null,
    },
    created_at: isoTime(row.createdAt)!,
    updated_at: isoTime(row.updatedAt)!,
  };
}

export const deliverySchema = z
  .object({
    id: z.string(),
    external_id: z.string().openapi({ description: "The sender's delivery id (X-GitHub-Delivery, Slack event_id, webhook-id)" }),
    event: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    error: z.string().nullable(),
    received_at: z.string(),
    processed_at: z.string().nullable(),
    decisions: z.array(decisionSchema),
    outputs: z.array(
      z.object({
        kind: z.enum(OUTPUT_KINDS),
        status: z.enum(OUTPUT_STATUSES),
        attempts: z.number().int(),
        last_status: z.number().int().nullable(),
        error: z.string().nullable(),
        sent_at: z.string().nullable(),
      }),
    ),
  })
  .openapi("Delivery");

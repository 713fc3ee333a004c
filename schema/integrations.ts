import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DELIVERY_STATUSES, INTEGRATION_KINDS, OUTPUT_KINDS, OUTPUT_STATUSES } from "./enums.ts";

/** What an event of an integration is turned into: the tasks its text goes through. */
export interface EventRoute {
  classify_task_id?: string;
  summarize_task_id?: string;
}

/** The non-secret half of an integration's settings; the secrets are in `secrets_sealed`. */
export interface IntegrationSettings {
  /** Event name (`issues.opened`, `message`, a Standard Webhooks `type`, or `*`) to tasks. */
  events: Record<string, EventRoute>;
  /** RFC 6901 pointer to the text in a Standard Webhooks payload. */
  text_pointer?: string;
  callback?: { url: string; disabled_at?: number; disabled_reason?: string };
  github?: { label: boolean; comment: boolean };
  slack?: { reply: boolean };
}

/** Last characters of each secret, so a user can tell which one is stored without seeing it. */
export interface SecretHints {
  signing: (string | null)[];
  callback?: string | null;
  github_token?: string | null;
  slack_bot_token?: string | null;
}

/** A GitHub repository, Slack app or Standard Webhooks sender whose events are classified. */
export const integrations = sqliteTable("integrations", {
  id: text("id").primaryKey(),
  projectId: text("project_id").notNull().default("prj_default"),
  kind: text("kind", { enum: INTEGRATION_KINDS }).notNull(),
  name: text("name"),
  settings: text("settings", { mode: "json" }).$type<IntegrationSettings>().notNull(),
  /** AES-GCM sealed JSON of every secret (signing, callback, tokens), bound to the row's id. */
  secretsSealed: text("secrets_sealed").notNull(),
  secretHints: text("secret_hints", { mode: "json" }).$type<SecretHints>().notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** One inbound webhook, recorded once per sender's delivery id. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    integrationId: text("integration_id").notNull(),
    /** X-GitHub-Delivery, Slack event_id (trigger_id for commands), or webhook-id. */
    externalId: text("external_id").notNull(),
    event: text("event").notNull(),
    /** SHA-256 of the raw body, for senders that sign no timestamp (GitHub): a replayed body is a duplicate. */
    bodyDigest: text("body_digest"),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    receivedAt: integer("received_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    processedAt: integer("processed_at"),
  },
  (table) => [
    // The dedup guard: a second copy of the same delivery inserts nothing.
    uniqueIndex("webhook_deliveries_external").on(table.integrationId, table.externalId),
    // The replay guard: the same signed body under a new delivery id inserts nothing either.
    uniqueIndex("webhook_deliveries_body").on(table.integrationId, table.bodyDigest),
    index("webhook_deliveries_integration").on(table.integrationId, table.id),
  ],
);

/** One result sent out for a delivery: a signed callback, a GitHub label or comment, a Slack reply. */
export const deliveryOutputs = sqliteTable(
  "delivery_outputs",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull(),
    kind: text("kind", { enum: OUTPUT_KINDS }).notNull(),
    status: text("status", { enum: OUTPUT_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** HTTP status of the last attempt; null for a network error or a timeout. */
    lastStatus: integer("last_status"),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (table) => [uniqueIndex("delivery_outputs_kind").on(table.deliveryId, table.kind)],
);

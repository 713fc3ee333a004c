import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { deliveryOutputs, integrations, webhookDeliveries, type IntegrationSettings, type SecretHints } from "../../schema/index.ts";
import { newId } from "../ids.ts";
import { seal, unseal } from "../privacy/secret-box.ts";
import { runBatch } from "./batch.ts";
import type { Database } from "./database.ts";

export type IntegrationRow = typeof integrations.$inferSelect;
export type IntegrationKind = IntegrationRow["kind"];

/** Every secret of an integration; stored only sealed. */
export interface IntegrationSecrets {
  /** Verify inbound webhooks; several during a rotation. */
  signing: string[];
  /** Signs outbound callbacks (`whsec_...`). */
  callback?: string;
  github_token?: string;
  slack_bot_token?: string;
}

/** The last four characters of a secret long enough that they give nothing useful away. */
function hint(secret: string | undefined): string | null | undefined {
  if (secret === undefined) return undefined;
  return secret.length >= 24 ? `…${secret.slice(-4)}` : null;
}

export function secretHints(secrets: IntegrationSecrets): SecretHints {
  const hints: SecretHints = { signing: secrets.signing.map((s) => hint(s) ?? null) };
  if (secrets.callback !== undefined) hints.callback = hint(secrets.callback);
  if (secrets.github_token !== undefined) hints.github_token = hint(secrets.github_token);
  if (secrets.slack_bot_token !== undefined) hints.slack_bot_token = hint(secrets.slack_bot_token);
  return hints;
}

export interface NewIntegration {
  kind: IntegrationKind;
  name: string | null;
  settings: IntegrationSettings;
  secrets: IntegrationSecrets;
}

export async function insertIntegration(db: Database, sealingKey: string, input: NewIntegration, now: number): Promise<IntegrationRow> {
  const id = newId("int", now);
  const row: IntegrationRow = {
    id,
    kind: input.kind,
    name: input.name,
    settings: input.settings,
    secretsSealed: await seal(sealingKey, id, input.secrets),
    secretHints: secretHints(input.secrets),
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(integrations).values(row);
  return row;
}

export async function findIntegration(db: Database, id: string): Promise<IntegrationRow | undefined> {
  return db.query.integrations.findFirst({ where: eq(integrations.id, id) });
}

export async function listIntegrations(db: Database, options: { after?: string; limit: number }): Promise<IntegrationRow[]> {
  return db
    .select()
    .from(integrations)
    .where(options.after ? gt(integrations.id, options.after) : undefined)
    .orderBy(asc(integrations.id))
    .limit(options.limit);
}

export async function openSecrets(sealingKey: string, row: IntegrationRow): Promise<IntegrationSecrets> {
  return unseal<IntegrationSecrets>(sealingKey, row.id, row.secretsSealed);
}

export interface IntegrationChanges {
  name?: string | null;
  settings?: IntegrationSettings;
  secrets?: IntegrationSecrets;
}

export async function updateIntegration(
  db: Database,
  sealingKey: string,
  id: string,
  changes: IntegrationChanges,
  now: number,
): Promise<IntegrationRow | undefined> {
  const [row] = await db
    .update(integrations)
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.settings && { settings: changes.settings }),
      ...(changes.secrets && { secretsSealed: await seal(sealingKey, id, changes.secrets), secretHints: secretHints(changes.secrets) }),
      updatedAt: now,
    })
    .where(eq(integrations.id, id))
    .returning();
  return row;
}

/** Deletes the integration with its deliveries and their outputs; decisions keep their delivery ids. */
export async function deleteIntegration(db: Database, id: string): Promise<void> {
  const deliveryIds = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.integrationId, id));
  await runBatch(db, [
    db.delete(deliveryOutputs).where(inArray(deliveryOutputs.deliveryId, deliveryIds)),
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.integrationId, id)),
    db.delete(integrations).where(eq(integrations.id, id)),
  ]);
}

/** Stops callbacks after the receiver answered 410 Gone, in place so a concurrent edit is not lost. */
export async function disableCallback(db: Database, id: string, reason: string, now: number): Promise<void> {
  await db
    .update(integrations)
    .set({
      settings: sql`json_set(${integrations.settings}, '$.callback.disabled_at', ${now}, '$.callback.disabled_reason', ${reason})`,
      updatedAt: now,
    })
    .where(and(eq(integrations.id, id), sql`json_extract(${integrations.settings}, '$.callback') IS NOT NULL`));
}

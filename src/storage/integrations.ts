import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { deliveryOutputs, integrations, webhookDeliveries, type IntegrationSettings, type SecretHints } from "../../schema/index.ts";
import { newId } from "../ids.ts";
import type { BatchItem } from "drizzle-orm/batch";
import type { KeyRing } from "../privacy/keys.ts";
import { needsReseal, seal, sealPrefix, unseal } from "../privacy/secret-box.ts";
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
  projectId: string;
  kind: IntegrationKind;
  name: string | null;
  settings: IntegrationSettings;
  secrets: IntegrationSecrets;
}

export async function insertIntegration(db: Database, sealingKeys: KeyRing, input: NewIntegration, now: number): Promise<IntegrationRow> {
  const id = newId("int", now);
  const row: IntegrationRow = {
    id,
    projectId: input.projectId,
    kind: input.kind,
    name: input.name,
    settings: input.settings,
    secretsSealed: await seal(sealingKeys, id, input.secrets),
    secretHints: secretHints(input.secrets),
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(integrations).values(row);
  return row;
}

/** An integration of the project; another project's is not found. */
export async function findIntegration(db: Database, projectId: string, id: string): Promise<IntegrationRow | undefined> {
  return db.query.integrations.findFirst({ where: and(eq(integrations.id, id), eq(integrations.projectId, projectId)) });
}

/**
 * An integration by id whatever its project: for the webhook path, where the sender proves
 * itself with the integration's signature (not an API key), and for the queue consumers.
 */
export async function findIntegrationById(db: Database, id: string): Promise<IntegrationRow | undefined> {
  return db.query.integrations.findFirst({ where: eq(integrations.id, id) });
}

export async function listIntegrations(db: Database, projectId: string, options: { after?: string; limit: number }): Promise<IntegrationRow[]> {
  return db
    .select()
    .from(integrations)
    .where(and(eq(integrations.projectId, projectId), options.after ? gt(integrations.id, options.after) : undefined))
    .orderBy(asc(integrations.id))
    .limit(options.limit);
}

export async function openSecrets(sealingKeys: KeyRing, row: IntegrationRow): Promise<IntegrationSecrets> {
  return unseal<IntegrationSecrets>(sealingKeys, row.id, row.secretsSealed);
}

export interface IntegrationChanges {
  name?: string | null;
  settings?: IntegrationSettings;
  secrets?: IntegrationSecrets;
}

export async function updateIntegration(
  db: Database,
  sealingKeys: KeyRing,
  id: string,
  changes: IntegrationChanges,
  now: number,
): Promise<IntegrationRow | undefined> {
  const [row] = await db
    .update(integrations)
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.settings && { settings: changes.settings }),
      ...(changes.secrets && { secretsSealed: await seal(sealingKeys, id, changes.secrets), secretHints: secretHints(changes.secrets) }),
      updatedAt: now,
    })
    .where(eq(integrations.id, id))
    .returning();
  return row;
}

export interface ResealOutcome {
  /** Sealed again under the current key in this call. */
  resealed: number;
  /** Still under an older key that is listed, for the next call (of the first 1,000 stale rows). */
  remaining: number;
  /** Under a key that is no longer listed (or not a seal): only a PATCH with the secrets mends them. */
  unopenable: string[];
}

const MAX_RESEAL_SCAN = 1000;

/**
 * Seals up to `limit` integrations' secrets again under the current key (after a rotation, so
 * the old key can be dropped). One query and one batch of updates; an update applies only
 * if the row still holds the seal that was read, so a concurrent PATCH is not overwritten.
 * `projectId` limits it to one project's integrations; null is every project's (the operator).
 */
export async function resealIntegrations(db: Database, sealingKeys: KeyRing, limit: number, now: number, projectId: string | null): Promise<ResealOutcome> {
  const stale = and(
    sql`${integrations.secretsSealed} NOT LIKE ${`${sealPrefix(sealingKeys.current.version)}%`}`,
    projectId === null ? undefined : eq(integrations.projectId, projectId),
  );
  const rows = await db
    .select({ id: integrations.id, secretsSealed: integrations.secretsSealed })
    .from(integrations)
    .where(stale)
    .orderBy(asc(integrations.id))
    .limit(MAX_RESEAL_SCAN);
  const unopenable: string[] = [];
  const updates: BatchItem<"sqlite">[] = [];
  for (const row of rows) {
    if (updates.length >= limit) break;
    if (!needsReseal(sealingKeys, row.secretsSealed)) continue;
    let secrets: IntegrationSecrets;
    try {
      secrets = await unseal<IntegrationSecrets>(sealingKeys, row.id, row.secretsSealed);
    } catch {
      unopenable.push(row.id);
      continue;
    }
    updates.push(
      db
        .update(integrations)
        .set({ secretsSealed: await seal(sealingKeys, row.id, secrets), updatedAt: now })
        .where(and(eq(integrations.id, row.id), eq(integrations.secretsSealed, row.secretsSealed))),
    );
  }
  if (updates.length > 0) await runBatch(db, updates);
  return { resealed: updates.length, remaining: rows.length - unopenable.length - updates.length, unopenable };
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

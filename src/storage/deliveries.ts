import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import { decisions, deliveryOutputs, webhookDeliveries } from "../../schema/index.ts";
import type { Database } from "./database.ts";
import { newId } from "../ids.ts";

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryStatus = DeliveryRow["status"];
export type OutputRow = typeof deliveryOutputs.$inferSelect;
export type OutputKind = OutputRow["kind"];

export interface Claim {
  delivery: DeliveryRow;
  /** True for the one request that inserted the row; it alone enqueues the delivery. */
  claimed: boolean;
}

/**
 * Records a delivery once per (integration, sender's delivery id) and, when a body digest is
 * given, once per (integration, body digest): the unique indexes make the insert a no-op for
 * every other copy, which then sees the first copy's row. The digest is for senders that sign
 * no timestamp and no delivery id (GitHub): the same signed body under a new id is a replay.
 */
export async function claimDelivery(
  db: Database,
  input: { integrationId: string; externalId: string; event: string; bodyDigest?: string | null },
  now: number,
  tries = 3,
): Promise<Claim> {
  const row: DeliveryRow = {
    id: newId("dlv", now),
    integrationId: input.integrationId,
    externalId: input.externalId,
    event: input.event,
    bodyDigest: input.bodyDigest ?? null,
    status: "received",
    attempts: 0,
    error: null,
    receivedAt: now,
    updatedAt: now,
    processedAt: null,
  };
  const [inserted] = await db.insert(webhookDeliveries).values(row).onConflictDoNothing().returning();
  if (inserted) return { delivery: inserted, claimed: true };
  const existing = await findClaimingDelivery(db, input.integrationId, input.externalId, input.bodyDigest ?? null);
  // Deleted in between (its enqueue failed): this copy may claim it again.
  if (!existing && tries > 1) return claimDelivery(db, input, now, tries - 1);
  if (!existing) throw new Error(`delivery ${input.externalId} kept disappearing while being recorded`);
  return { delivery: existing, claimed: false };
}

/** Takes over a delivery stuck in `received` (its first request died before enqueueing). */
export async function reclaimDelivery(db: Database, stale: DeliveryRow, now: number): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ updatedAt: now })
    .where(and(eq(webhookDeliveries.id, stale.id), eq(webhookDeliveries.status, "received"), eq(webhookDeliveries.updatedAt, stale.updatedAt)))
    .returning({ id: webhookDeliveries.id });
  return rows.length === 1;
}

/** Forgets a delivery whose enqueue failed, so the sender's retry is accepted as new. */
export async function releaseDelivery(db: Database, id: string): Promise<void> {
  await db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "received")));
}

/** The row that made a claim's insert a no-op: the same delivery id, else the same body digest. */
async function findClaimingDelivery(db: Database, integration: string, externalId: string, bodyDigest: string | null): Promise<DeliveryRow | undefined> {
  if (bodyDigest === null) return findDeliveryByExternalId(db, integration, externalId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.integrationId, integration), or(eq(webhookDeliveries.externalId, externalId), eq(webhookDeliveries.bodyDigest, bodyDigest))))
    .limit(2);
  return rows.find((row) => row.externalId === externalId) ?? rows[0];
}

export async function findDeliveryByExternalId(db: Database, integration: string, externalId: string): Promise<DeliveryRow | undefined> {
  return db.query.webhookDeliveries.findFirst({
    where: and(eq(webhookDeliveries.integrationId, integration), eq(webhookDeliveries.externalId, externalId)),
  });
}

export async function findDelivery(db: Database, id: string): Promise<DeliveryRow | undefined> {
  return db.query.webhookDeliveries.findFirst({ where: eq(webhookDeliveries.id, id) });
}

/**
 * Changes a delivery only while its status is one of `from`, in one statement; true when it
 * did. Which moves are legal is for `deliveries/status.ts` to say, the only caller.
 */
export async function updateDeliveryWhile(
  db: Database,
  id: string,
  from: readonly DeliveryStatus[],
  changes: Partial<Omit<DeliveryRow, "id" | "integrationId" | "externalId" | "updatedAt">>,
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(webhookDeliveries.id, id), inArray(webhookDeliveries.status, [...from])))
    .returning({ id: webhookDeliveries.id });
  return rows.length === 1;
}

export async function listDeliveries(
  db: Database,
  integration: string,
  options: { before?: string; status?: DeliveryStatus; limit: number },
): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.integrationId, integration),
        options.before ? lt(webhookDeliveries.id, options.before) : undefined,
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(options.limit);
}

/** The decisions recorded for a delivery, oldest first. */
export async function deliveryDecisions(db: Database, deliveryIds: readonly string[]) {
  if (deliveryIds.length === 0) return [];
  return db.select().from(decisions).where(inArray(decisions.deliveryId, [...deliveryIds])).orderBy(asc(decisions.id));
}

/** Creates the outputs a processed delivery sends, once: a redelivered message adds none. */
export async function ensureOutputs(db: Database, deliveryId: string, kinds: readonly OutputKind[], now: number): Promise<OutputRow[]> {
  if (kinds.length > 0) {
    await db
      .insert(deliveryOutputs)
      .values(kinds.map((kind) => ({ id: newId("out", now), deliveryId, kind, status: "pending" as const, attempts: 0, createdAt: now, updatedAt: now })))
      .onConflictDoNothing();
  }
  return db.select().from(deliveryOutputs).where(eq(deliveryOutputs.deliveryId, deliveryId));
}

export async function findOutput(db: Database, deliveryId: string, kind: OutputKind): Promise<OutputRow | undefined> {
  return db.query.deliveryOutputs.findFirst({ where: and(eq(deliveryOutputs.deliveryId, deliveryId), eq(deliveryOutputs.kind, kind)) });
}

export async function updateOutput(db: Database, id: string, changes: Partial<Omit<OutputRow, "id" | "deliveryId" | "kind">>, now: number): Promise<void> {
  await db.update(deliveryOutputs).set({ ...changes, updatedAt: now }).where(eq(deliveryOutputs.id, id));
}

export async function outputsOf(db: Database, deliveryIds: readonly string[]): Promise<OutputRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.select().from(deliveryOutputs).where(inArray(deliveryOutputs.deliveryId, [...deliveryIds])).orderBy(asc(deliveryOutputs.id));
}

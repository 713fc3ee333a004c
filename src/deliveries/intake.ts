import type { Ports } from "../ports.ts";
import { claimDelivery, findDelivery, reclaimDelivery, releaseDelivery, type DeliveryRow } from "../storage/deliveries.ts";
import { findIntegrationById, openSecrets, type IntegrationKind } from "../storage/integrations.ts";
import { sha256Hex } from "../privacy/digest.ts";
import type { InboundRequest } from "./adapter.ts";
import type { InboundEvent } from "./inbound-event.ts";
import { processMessage, sendDeliveryMessages } from "./messages.ts";
import { senderFor } from "./senders.ts";
import { moveDelivery } from "./status.ts";

type Event = Extract<InboundEvent, { type: "event" }>;

/** What the sender is answered. */
export type Intake =
  | { type: "refused"; code: "not_found" | "unauthorized" | "invalid_request" | "misconfigured" | "unavailable"; message: string; details?: unknown; cause?: unknown }
  | { type: "handshake"; body: Record<string, unknown> }
  | { type: "ignored"; reason: string }
  | { type: "accepted"; delivery: DeliveryRow; duplicate: boolean; acknowledgement: Record<string, unknown> | null };

/**
 * Verify, record once, enqueue, answer: nothing slower than D1 and the queue runs before the
 * answer. An integration of another kind, a bad signature or a payload the adapter cannot read
 * is refused before anything is recorded.
 */
export async function receiveWebhook(ports: Ports, kind: IntegrationKind, integrationId: string, request: InboundRequest): Promise<Intake> {
  const integration = await findIntegrationById(ports.db, integrationId);
  if (!integration || integration.kind !== kind) return { type: "refused", code: "not_found", message: `No ${kind} integration with id ${JSON.stringify(integrationId)}` };
  const sender = senderFor(kind);
  let signing: string[];
  try {
    signing = (await openSecrets(ports.config.sealingKeys, integration)).signing;
  } catch (cause) {
    return { type: "refused", code: "misconfigured", message: "The integration's secrets cannot be opened (sealed under a key SEALING_KEYS no longer lists?)", cause };
  }
  const verification = await sender.verify(request, signing, ports.clock.now());
  if (!verification.ok) return { type: "refused", code: "unauthorized", message: verification.message, details: { reason: verification.reason } };

  const inbound = sender.read(request, integration.settings);
  if (inbound.type === "handshake" || inbound.type === "ignored") return inbound;
  if (inbound.type === "malformed") return { type: "refused", code: "invalid_request", message: inbound.reason };
  if (!Object.hasOwn(integration.settings.events, inbound.event) && !Object.hasOwn(integration.settings.events, "*")) {
    return { type: "ignored", reason: `No task is mapped to ${inbound.event}` };
  }
  // Digested only now, after the signature held: an unsigned body never occupies a digest.
  const bodyDigest = sender.dedupesBodies ? await sha256Hex(request.body) : null;
  const accepted = await acceptDelivery(ports, integration.id, inbound, bodyDigest);
  if ("refused" in accepted) return { type: "refused", code: "unavailable", message: accepted.refused, cause: accepted.cause };
  return { type: "accepted", ...accepted, acknowledgement: sender.acknowledgement?.(inbound.event) ?? null };
}

/** How long a copy waits for the copy that is enqueueing the same delivery. */
const WAIT_FOR_FIRST_COPY_MS = 2_000;
const POLL_MS = 50;
/** A delivery still `received` after this long lost its first request (an evicted isolate). */
const STALE_CLAIM_MS = 30_000;

type Accepted = { delivery: DeliveryRow; duplicate: boolean } | { refused: string; cause?: unknown };

/**
 * Records the delivery once and puts it on the queue before answering, so nothing answered
 * with a 2xx can be lost: the copy that records it enqueues it, and every other copy of the
 * same delivery answers 2xx only once the first one has enqueued it. When the enqueue fails,
 * the record is removed and the sender gets a 503, so its retry is accepted as new. A copy has
 * the same delivery id or, for a sender that dedupes bodies, the same body digest.
 */
async function acceptDelivery(ports: Ports, integrationId: string, event: Event, bodyDigest: string | null): Promise<Accepted> {
  const { db, clock } = ports;
  const claimInput = { integrationId, externalId: event.deliveryId, event: event.event, bodyDigest };
  const claim = await claimDelivery(db, claimInput, clock.now());
  if (claim.claimed) return enqueue(ports, integrationId, event, claim.delivery);

  let current: DeliveryRow | undefined = claim.delivery;
  const deadline = clock.now() + WAIT_FOR_FIRST_COPY_MS;
  while (current?.status === "received" && clock.now() < deadline) {
    await clock.sleep(POLL_MS);
    current = await findDelivery(db, current.id);
  }
  // The first copy's enqueue failed and it let go of the delivery: try to record it again.
  if (!current) {
    const retry = await claimDelivery(db, claimInput, clock.now());
    if (!retry.claimed) return { refused: "This delivery is being accepted by another request; retry shortly" };
    return enqueue(ports, integrationId, event, retry.delivery);
  }
  if (current.status !== "received") return { delivery: current, duplicate: true };
  if (clock.now() - current.updatedAt > STALE_CLAIM_MS && (await reclaimDelivery(db, current, clock.now()))) {
    return enqueue(ports, integrationId, event, current);
  }
  return { refused: "This delivery is still being accepted by another request; retry shortly" };
}

async function enqueue(ports: Ports, integrationId: string, event: Event, delivery: DeliveryRow): Promise<Accepted> {
  const message = processMessage({ delivery_id: delivery.id, integration_id: integrationId, event: event.event, text: event.text, target: event.target });
  try {
    await sendDeliveryMessages(ports.deliveries, [message]);
  } catch (cause) {
    await releaseDelivery(ports.db, delivery.id).catch((release) => console.error("could not release delivery", delivery.id, release));
    return { refused: "The delivery could not be queued; nothing was accepted, retry later", cause };
  }
  try {
    await moveDelivery(ports.db, delivery.id, "queued", {}, ports.clock.now());
  } catch (error) {
    // The message is on the queue, so the delivery is accepted; the consumer moves its status on.
    console.error("delivery queued but its status could not be updated", delivery.id, error);
  }
  return { delivery: { ...delivery, status: "queued" }, duplicate: false };
}

import { ApiError } from "../../http/errors.ts";
import type { InboundEvent } from "../../integrations/inbound-event.ts";
import { processMessage } from "../../jobs/webhook-messages.ts";
import type { Database } from "../../storage/database.ts";
import { claimDelivery, findDelivery, reclaimDelivery, releaseDelivery, updateDelivery, type DeliveryRow } from "../../storage/deliveries.ts";

type Event = Extract<InboundEvent, { type: "event" }>;

export interface Accepted {
  delivery: DeliveryRow;
  duplicate: boolean;
}

/** How long a copy waits for the copy that is enqueueing the same delivery. */
const WAIT_FOR_FIRST_COPY_MS = 2_000;
const POLL_MS = 50;
/** A delivery still `received` after this long lost its first request (an evicted isolate). */
const STALE_CLAIM_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records the delivery once and puts it on the queue before answering, so nothing answered
 * with a 2xx can be lost: the copy that records it enqueues it, and every other copy of the
 * same delivery answers 2xx only once the first one has enqueued it. When the enqueue fails,
 * the record is removed and the sender gets a 503, so its retry is accepted as new.
 */
export async function acceptDelivery(db: Database, queue: Queue<unknown>, integrationId: string, event: Event): Promise<Accepted> {
  const claim = await claimDelivery(db, { integrationId, externalId: event.deliveryId, event: event.event });
  if (claim.claimed) return { delivery: await enqueue(db, queue, integrationId, event, claim.delivery), duplicate: false };

  let current: DeliveryRow | undefined = claim.delivery;
  const deadline = Date.now() + WAIT_FOR_FIRST_COPY_MS;
  while (current?.status === "received" && Date.now() < deadline) {
    await sleep(POLL_MS);
    current = await findDelivery(db, current.id);
  }
  // The first copy's enqueue failed and it let go of the delivery: try to record it again.
  if (!current) return acceptAfterRelease(db, queue, integrationId, event);
  if (current.status !== "received") return { delivery: current, duplicate: true };
  if (Date.now() - current.updatedAt > STALE_CLAIM_MS && (await reclaimDelivery(db, current))) {
    return { delivery: await enqueue(db, queue, integrationId, event, current), duplicate: false };
  }
  throw new ApiError("unavailable", "This delivery is still being accepted by another request; retry shortly");
}

async function acceptAfterRelease(db: Database, queue: Queue<unknown>, integrationId: string, event: Event): Promise<Accepted> {
  const claim = await claimDelivery(db, { integrationId, externalId: event.deliveryId, event: event.event });
  if (!claim.claimed) throw new ApiError("unavailable", "This delivery is being accepted by another request; retry shortly");
  return { delivery: await enqueue(db, queue, integrationId, event, claim.delivery), duplicate: false };
}

async function enqueue(db: Database, queue: Queue<unknown>, integrationId: string, event: Event, delivery: DeliveryRow): Promise<DeliveryRow> {
  try {
    await queue.send(processMessage({ delivery_id: delivery.id, integration_id: integrationId, event: event.event, text: event.text, target: event.target }));
  } catch (error) {
    await releaseDelivery(db, delivery.id).catch((release) => console.error("could not release delivery", delivery.id, release));
    throw new ApiError("unavailable", "The delivery could not be queued; nothing was accepted, retry later", undefined, { cause: error });
  }
  try {
    await updateDelivery(db, delivery.id, { status: "queued" }, ["received"]);
  } catch (error) {
    // The message is on the queue, so the delivery is accepted; the consumer moves its status on.
    console.error("delivery queued but its status could not be updated", delivery.id, error);
  }
  return { ...delivery, status: "queued" };
}

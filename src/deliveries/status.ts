import type { DELIVERY_STATUSES, ValueOf } from "../../schema/enums.ts";
import type { Database } from "../storage/database.ts";
import { updateDeliveryWhile, type DeliveryRow } from "../storage/deliveries.ts";

export type DeliveryStatus = ValueOf<typeof DELIVERY_STATUSES>;

/**
 * The delivery's life. `received` is the row's first status (intake records it); the intake
 * moves it to `queued` once the queue has it; the consumer to `processing`, then `processed`,
 * or to `retrying` after a failure that the schedule retries; `failed` is final, reached when
 * no retry can help, when the retries ran out, or when an output of a processed delivery fails
 * for good. A redelivered message may find its delivery still `processing`.
 */
const NEXT: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  received: ["queued", "processing", "retrying", "failed"],
  queued: ["processing", "retrying", "failed"],
  processing: ["processing", "processed", "retrying", "failed"],
  retrying: ["processing", "retrying", "failed"],
  processed: ["failed"],
  failed: [],
};

/** Whether a delivery may move from one status to another. */
export function canMove(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return NEXT[from].includes(to);
}

const SOURCES = Object.fromEntries(
  (Object.keys(NEXT) as DeliveryStatus[]).map((to) => [to, (Object.keys(NEXT) as DeliveryStatus[]).filter((from) => canMove(from, to))]),
) as Record<DeliveryStatus, DeliveryStatus[]>;

export type DeliveryChanges = Partial<Pick<DeliveryRow, "attempts" | "error" | "processedAt">>;

/**
 * The one way a delivery's status changes: in one statement, and only from a status that may
 * move to `to`. False when the delivery is gone or its status may not move there (the move is
 * refused and nothing is written).
 */
export function moveDelivery(db: Database, id: string, to: DeliveryStatus, changes: DeliveryChanges, now: number): Promise<boolean> {
  return updateDeliveryWhile(db, id, SOURCES[to], { ...changes, status: to }, now);
}

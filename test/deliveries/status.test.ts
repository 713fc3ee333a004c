import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { DELIVERIES_QUEUE } from "../../src/deliveries/messages.ts";
import { canMove, moveDelivery, type DeliveryStatus } from "../../src/deliveries/status.ts";
import { claimDelivery, findDelivery } from "../../src/storage/deliveries.ts";
import { database } from "../../src/storage/database.ts";
import { DELIVERY_RETRY_SCHEDULE_SECONDS } from "../../src/time/backoff.ts";

const db = database(env.DB);
let counter = 0;

async function deliveryIn(status: DeliveryStatus) {
  const { delivery } = await claimDelivery(db, { integrationId: "int_status_test", externalId: `ext-${++counter}`, event: "issues.opened" }, Date.now());
  const path: Record<DeliveryStatus, DeliveryStatus[]> = {
    received: [],
    queued: ["queued"],
    processing: ["queued", "processing"],
    retrying: ["queued", "processing", "retrying"],
    processed: ["queued", "processing", "processed"],
    failed: ["failed"],
  };
  for (const step of path[status]) expect(await moveDelivery(db, delivery.id, step, {}, Date.now())).toBe(true);
  return delivery.id;
}

describe("the delivery status machine", () => {
  it("moves a delivery along its life: received, queued, processing, processed", async () => {
    const id = await deliveryIn("received");
    expect(await moveDelivery(db, id, "queued", {}, Date.now())).toBe(true);
    expect(await moveDelivery(db, id, "processing", { attempts: 1 }, Date.now())).toBe(true);
    expect(await moveDelivery(db, id, "processed", { error: null, processedAt: 123 }, Date.now())).toBe(true);
    expect(await findDelivery(db, id)).toMatchObject({ status: "processed", attempts: 1, processedAt: 123 });
  });

  it("refuses an illegal move and writes nothing", async () => {
    const failed = await deliveryIn("failed");
    expect(await moveDelivery(db, failed, "processing", { attempts: 9 }, Date.now())).toBe(false);
    expect(await findDelivery(db, failed)).toMatchObject({ status: "failed", attempts: 0 });
    const processed = await deliveryIn("processed");
    expect(await moveDelivery(db, processed, "retrying", { error: "late failure" }, Date.now())).toBe(false);
    expect(await moveDelivery(db, processed, "queued", {}, Date.now())).toBe(false);
    expect(await findDelivery(db, processed)).toMatchObject({ status: "processed", error: null });
  });

  it("lets an output's permanent failure fail a processed delivery, and nothing leave failed", async () => {
    const processed = await deliveryIn("processed");
    expect(await moveDelivery(db, processed, "failed", { error: "callback: HTTP 404" }, Date.now())).toBe(true);
    for (const to of ["received", "queued", "processing", "retrying", "processed", "failed"] as const) expect(canMove("failed", to)).toBe(false);
  });

  it("accepts a redelivered message finding its delivery still processing", async () => {
    const id = await deliveryIn("processing");
    expect(canMove("processing", "processing")).toBe(true);
    expect(await moveDelivery(db, id, "processing", { attempts: 2 }, Date.now())).toBe(true);
  });

  it("does nothing for a delivery that is gone", async () => {
    expect(await moveDelivery(db, "dlv_gone", "processing", {}, Date.now())).toBe(false);
  });

  it("retries a delivery once per step of the documented schedule, as wrangler.toml says", () => {
    expect(inject("queueMaxRetries")[DELIVERIES_QUEUE]).toBe(DELIVERY_RETRY_SCHEDULE_SECONDS.length);
  });
});

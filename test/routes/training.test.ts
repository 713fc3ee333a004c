import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { jobRetryDelaySeconds as retryDelaySeconds } from "../../src/time/backoff.ts";
import { apiJson } from "../support/api.ts";
import { TRIAGE_EXAMPLES, createTask, createTrainedTask, deliverJob } from "../support/tasks.ts";

describe("training", () => {
  it("answers 202 with a queued model version, and the queue consumer makes it ready and active", async () => {
    const task = await createTask();
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES });
    const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ task_id: task.id, version: 1, status: "queued", active: false });

    const result = await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id });
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);

    const models = await apiJson(`/v1/tasks/${task.id}/models`);
    expect(models.body.data).toHaveLength(1);
    const model = models.body.data[0];
    expect(model).toMatchObject({ id: queued.body.id, status: "ready", active: true, training_examples: TRIAGE_EXAMPLES.length });
    expect(model.artifact_bytes).toBeGreaterThan(0);
    expect(model.metrics).toHaveProperty("temperature");
    expect((await apiJson(`/v1/tasks/${task.id}`)).body.active_model_id).toBe(queued.body.id);

    // Weights live in KV, not in D1.
    const weights = await env.MODELS.get(`models/${task.id}/${queued.body.id}`, "arrayBuffer");
    expect(weights?.byteLength).toBe(model.artifact_bytes);
  });

  it("is idempotent: a redelivered training message leaves a ready version alone", async () => {
    const task = await createTrainedTask();
    const before = (await apiJson(`/v1/tasks/${task.id}/models/1`)).body;
    const again = await deliverJob({ type: "train", task_id: task.id, model_id: task.active_model_id }, 2);
    expect(again.explicitAcks).toHaveLength(1);
    const after = (await apiJson(`/v1/tasks/${task.id}/models/1`)).body;
    expect(after).toEqual(before);
  });

  it("keeps versions immutable and numbered; activate rolls back", async () => {
    const task = await createTrainedTask();
    const second = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    expect(second.body.version).toBe(2);
    await deliverJob({ type: "train", task_id: task.id, model_id: second.body.id });
    expect((await apiJson(`/v1/tasks/${task.id}`)).body.active_model_id).toBe(second.body.id);

    const rollback = await apiJson(`/v1/tasks/${task.id}/models/1/activate`, { method: "POST" });
    expect(rollback.status).toBe(200);
    expect(rollback.body).toMatchObject({ version: 1, active: true });
    expect((await apiJson(`/v1/tasks/${task.id}`)).body.active_model_id).toBe(task.active_model_id);
    const classified = await apiJson("/v1/classify", { body: { task: task.id, text: "refund" } });
    expect(classified.body.model).toBe(task.active_model_id);
  });

  it("refuses to activate a version that is not ready", async () => {
    const task = await createTrainedTask();
    const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    const { status, body } = await apiJson(`/v1/tasks/${task.id}/models/${queued.body.version}/activate`, { method: "POST" });
    expect(status).toBe(409);
    expect(body.error.code).toBe("conflict");
  });

  it("refuses to train without examples", async () => {
    const task = await createTask();
    const { status, body } = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    expect(status).toBe(422);
    expect(body.error.message).toMatch(/examples/);
  });

  it("fails a version whose examples cover fewer than two labels, with the reason", async () => {
    const task = await createTask();
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: [{ text: "refund", label: "billing" }, { text: "charge", label: "billing" }] });
    const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id });
    const model = (await apiJson(`/v1/tasks/${task.id}/models/${queued.body.id}`)).body;
    expect(model.status).toBe("failed");
    expect(model.error).toMatch(/two/);
    expect((await apiJson(`/v1/tasks/${task.id}`)).body.active_model_id).toBeNull();
  });

  it("derives the edge threshold from target_accuracy", async () => {
    const task = await createTrainedTask({ target_accuracy: 0.9 });
    const model = (await apiJson(`/v1/tasks/${task.id}/models/1`)).body;
    expect(model.threshold).not.toBeNull();
    expect(model.threshold).toBeGreaterThan(0);
  });

  it("backs off exponentially between job attempts, up to five minutes", () => {
    expect([1, 2, 3, 4, 10].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 300]);
  });

  it("acks a malformed job message instead of retrying it forever", async () => {
    const result = await deliverJob({ type: "unknown" });
    expect(result.explicitAcks).toHaveLength(1);
  });

  it("retries a failing job with backoff and marks the version failed on the last attempt", async () => {
    const task = await createTask();
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES });
    const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    const brokenKv = { ...env.MODELS, put: () => Promise.reject(new Error("KV is down")) } as unknown as KVNamespace;
    const first = await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id }, 1, { MODELS: brokenKv });
    expect(first.retryMessages).toHaveLength(1);
    expect(first.explicitAcks).toHaveLength(0);
    expect((await apiJson(`/v1/tasks/${task.id}/models/${queued.body.id}`)).body.status).not.toBe("ready");
    // max_retries = 5: the fifth delivery is a retry like the others, the sixth is the last.
    const fifth = await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id }, 5, { MODELS: brokenKv });
    expect(fifth.retryMessages).toHaveLength(1);
    const last = await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id }, 6, { MODELS: brokenKv });
    expect(last.explicitAcks).toHaveLength(1);
    const model = (await apiJson(`/v1/tasks/${task.id}/models/${queued.body.id}`)).body;
    expect(model.status).toBe("failed");
    expect(model.error).toMatch(/KV is down/);
    expect(model.error).toMatch(/after 6 attempts/);
  });
});

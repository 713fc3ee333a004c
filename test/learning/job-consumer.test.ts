import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { JOBS_DEAD_LETTER_QUEUE, JOBS_QUEUE } from "../../src/learning/job-messages.ts";
import { countingD1 } from "../support/counting-d1.ts";
import { recordingJobsQueue } from "../support/recording-queue.ts";
import { JOBS_MAX_RETRIES } from "../../src/learning/job-consumer.ts";
import { apiJson } from "../support/api.ts";
import { createTask, TRIAGE_EXAMPLES } from "../support/tasks.ts";

async function deliverDead(body: unknown) {
  const batch = createMessageBatch(JOBS_DEAD_LETTER_QUEUE, [{ id: `dead-${Date.now()}`, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("the jobs queue consumer", () => {
  it("gives up on the last delivery wrangler.toml's max_retries allows, not one before", () => {
    expect(inject("queueMaxRetries")["edge-cascade-jobs"]).toBe(JOBS_MAX_RETRIES);
  });

  it("records a dead-lettered training job: its version fails with the reason instead of staying queued", async () => {
    const task = await createTask();
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES });
    const queued = (await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" })).body;
    const result = await deliverDead({ type: "train", task_id: task.id, model_id: queued.id });
    expect(result.explicitAcks).toHaveLength(1);
    const model = (await apiJson(`/v1/tasks/${task.id}/models/${queued.id}`)).body;
    expect(model).toMatchObject({ status: "failed", error: expect.stringMatching(/dead-lettered/) });
    // A new training request is accepted again.
    expect((await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" })).body.id).not.toBe(queued.id);
  });

  it("acks dead shadow checks and retrain requests, and malformed messages", async () => {
    expect((await deliverDead({ type: "retrain", task_id: "tsk_gone", trigger: "schedule" })).explicitAcks).toHaveLength(1);
    expect((await deliverDead({ type: "nonsense" })).explicitAcks).toHaveLength(1);
  });

  it("a broken configuration in the jobs consumer and its dead-letter consumer: nothing acked or dropped, every message retried later, nothing touched", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const task = await createTask();
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES, env: { JOBS: recordingJobsQueue().binding } });
    const queued = (await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST", env: { JOBS: recordingJobsQueue().binding } })).body;
    const bodies = [
      { type: "train", task_id: task.id, model_id: queued.id },
      { type: "retrain", task_id: task.id, trigger: "manual" },
    ];
    for (const queue of [JOBS_QUEUE, JOBS_DEAD_LETTER_QUEUE]) {
      const batch = createMessageBatch(queue, bodies.map((body, i) => ({ id: `cfg-${queue}-${i}`, timestamp: new Date(), attempts: JOBS_MAX_RETRIES + 1, body })));
      const retryAll = vi.spyOn(batch, "retryAll");
      const d1 = countingD1(env.DB);
      const ctx = createExecutionContext();
      await (worker as ExportedHandler<Env>).queue!(batch, { ...env, DB: d1.binding, API_KEY_HASHES: "not-a-digest" } as Env, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.ackAll, queue).toBe(false);
      expect(result.explicitAcks, queue).toEqual([]);
      expect(result.retryBatch.retry || result.retryMessages.length === bodies.length, queue).toBe(true);
      // Later, not at once: the deployment has to be fixed first.
      const delays = [...retryAll.mock.calls.map(([options]) => options?.delaySeconds), ...result.retryMessages.map((m: any) => m.delaySeconds)];
      expect(delays.length, queue).toBeGreaterThan(0);
      for (const delay of delays) expect(delay, queue).toBeGreaterThanOrEqual(60);
      expect(d1.statements, queue).toBe(0);
    }
    expect(errors.mock.calls.flat().join(" ")).toMatch(/API_KEY_HASHES/);
    // Neither consumer failed the version (nor trained it): it waits for a working deployment.
    expect((await apiJson(`/v1/tasks/${task.id}/models/${queued.id}`)).body).toMatchObject({ status: "queued", error: null });
  });
});

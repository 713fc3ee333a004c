import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import worker from "../../src/index.ts";
import { JOBS_DEAD_LETTER_QUEUE } from "../../src/learning/job-messages.ts";
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
});

import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { apiJson } from "../support/api.ts";
import { decisionWrites, faultyD1 } from "../support/faulty-d1.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { createTrainedTask } from "../support/tasks.ts";
import { recordingQueue } from "../support/webhook-senders.ts";

afterEach(() => vi.restoreAllMocks());

let counter = 0;

/** Delivers queued decision-log messages to the Worker's consumer, with the given bindings. */
async function deliver(bodies: unknown[], bindings: Record<string, unknown> = {}, queue = "edge-cascade-decisions") {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `dlog-${++counter}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, { ...env, ...bindings } as Env, ctx);
  return getQueueResult(batch, ctx);
}

async function storedDecision(id: string) {
  return env.DB.prepare("SELECT id, tier, output FROM decisions WHERE id = ?").bind(id).first<{ id: string; tier: string; output: string }>();
}

describe("decisions survive a failing D1", () => {
  let task: any;
  let learning: any;
  beforeAll(async () => {
    task = await createTrainedTask();
    // Every text goes to the large model and its label is kept for training.
    learning = await createTrainedTask({ threshold: 1, settings: { keep_text: true } });
  });

  it("a write that fails once is retried within the request: the answer is recorded in D1", async () => {
    const d1 = faultyD1(env.DB, { fails: decisionWrites, times: 1 });
    const queue = recordingQueue();
    const { status, body } = await apiJson("/v1/classify", {
      env: { DB: d1.binding, DECISION_LOG: queue.binding },
      body: { task: task.name, text: "I was charged twice this month" },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(d1.failures).toBe(1);
    expect(queue.sent).toHaveLength(0);
    expect(await storedDecision(body.decision_id)).toMatchObject({ id: body.decision_id, output: body.label });
  });

  it("when D1 keeps failing, the rows and their labels go to the queue and the consumer records them once", async () => {
    const double = openAiDouble(answer("billing"), answer("bug"));
    const d1 = faultyD1(env.DB, { fails: decisionWrites });
    const queue = recordingQueue();
    const texts = ["please refund my last invoice", "the app crashes when I open settings"];
    const { status, body } = await apiJson("/v1/classify", {
      env: { ...OPENAI_ENV, DB: d1.binding, DECISION_LOG: queue.binding },
      body: { task: learning.name, texts },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(double.requests).toHaveLength(2);
    expect(d1.failures).toBe(3);
    const ids = body.results.map((r: any) => r.decision_id);
    expect(ids).toHaveLength(2);
    // Answered, but not yet in D1: the rows are on the queue, with the large model's labels.
    for (const id of ids) expect(await storedDecision(id)).toBeNull();
    const messages = queue.take();
    expect(messages).toHaveLength(1);
    expect(messages[0].decisions.map((d: any) => d.id)).toEqual(ids);
    expect(messages[0].labels.map((l: any) => [l.decisionId, l.label])).toEqual([
      [ids[0], "billing"],
      [ids[1], "bug"],
    ]);

    const first = await deliver(messages);
    expect(first.explicitAcks).toHaveLength(1);
    // A redelivered message writes nothing twice.
    const again = await deliver(messages);
    expect(again.explicitAcks).toHaveLength(1);
    for (const [i, id] of ids.entries()) {
      const logged = await apiJson(`/v1/decisions/${id}`);
      expect(logged.status).toBe(200);
      expect(logged.body).toMatchObject({ decision_id: id, output: body.results[i].label, tier: "large" });
    }
    const labels = await env.DB.prepare(`SELECT decision_id, label FROM examples WHERE decision_id IN (?, ?) ORDER BY decision_id`)
      .bind(...ids)
      .all();
    expect(labels.results).toHaveLength(2);
  });

  it("a summary is queued the same way, and its answer names the queued decision", async () => {
    const d1 = faultyD1(env.DB, { fails: decisionWrites });
    const queue = recordingQueue();
    const text = "The council met on Tuesday. It approved the new budget for the library. Work starts in May.";
    const { status, body } = await apiJson("/v1/summarize", { env: { DB: d1.binding, DECISION_LOG: queue.binding }, body: { text } });
    expect(status, JSON.stringify(body)).toBe(200);
    const [message] = queue.take();
    expect(message.decisions[0]).toMatchObject({ id: body.decision_id, kind: "summarize", output: null });
    expect(JSON.stringify(message)).not.toContain("approved the new budget");
    await deliver([message]);
    expect((await apiJson(`/v1/decisions/${body.decision_id}`)).status).toBe(200);
  });

  it("when D1 and the queue both fail, the request answers 503 with Retry-After and no answer", async () => {
    const d1 = faultyD1(env.DB, { fails: decisionWrites });
    const queue = recordingQueue();
    queue.failNext(10);
    const { status, body, headers } = await apiJson("/v1/classify", {
      env: { DB: d1.binding, DECISION_LOG: queue.binding },
      body: { task: task.name, text: "I was charged twice this month" },
    });
    expect(status).toBe(503);
    expect(headers.get("retry-after")).toMatch(/^\d+$/);
    expect(body.error.code).toBe("unavailable");
    expect(body.label).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain("dec_");
  });

  it("the consumer retries with a delay while D1 is still failing, then records", async () => {
    const d1 = faultyD1(env.DB, { fails: decisionWrites });
    const queue = recordingQueue();
    const { body } = await apiJson("/v1/classify", {
      env: { DB: d1.binding, DECISION_LOG: queue.binding },
      body: { task: task.name, text: "my password reset link never arrives" },
    });
    const messages = queue.take();
    const failed = await deliver(messages, { DB: d1.binding });
    expect(failed.explicitAcks).toHaveLength(0);
    expect(failed.retryMessages).toHaveLength(1);
    expect(await storedDecision(body.decision_id)).toBeNull();
    // The dead-letter queue's consumer writes them the same way.
    const recorded = await deliver(messages, {}, "edge-cascade-decisions-dlq");
    expect(recorded.explicitAcks).toHaveLength(1);
    expect(await storedDecision(body.decision_id)).toMatchObject({ id: body.decision_id });
  });
});

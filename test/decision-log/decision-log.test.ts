import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { apiJson } from "../support/api.ts";
import { countingD1 } from "../support/counting-d1.ts";
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
      env: { DB: d1.binding, DECISION_QUEUE: queue.binding },
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
      env: { ...OPENAI_ENV, DB: d1.binding, DECISION_QUEUE: queue.binding },
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
    const { status, body } = await apiJson("/v1/summarize", { env: { DB: d1.binding, DECISION_QUEUE: queue.binding }, body: { text } });
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
      env: { DB: d1.binding, DECISION_QUEUE: queue.binding },
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
      env: { DB: d1.binding, DECISION_QUEUE: queue.binding },
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

  it("DECISION_LOG=d1 (the default): a request writes its decisions, and their rollups, in one D1 statement, 100 texts too", async () => {
    // Warm the isolate's key and task caches, so only the decision write is counted.
    await apiJson("/v1/classify", { body: { task: task.name, text: "warm up" } });
    for (const texts of [["I was charged twice this month"], Array.from({ length: 100 }, (_, i) => `the app crashes on start, report ${i}`)]) {
      const d1 = countingD1(env.DB);
      const { status, body } = await apiJson("/v1/classify", { env: { DB: d1.binding }, body: { task: task.name, texts } });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(d1.statements).toBe(1);
    }
  });

  it("DECISION_LOG=queue: rows go to the queue first and the consumer writes a batch in one transaction", async () => {
    const d1 = countingD1(env.DB);
    const queue = recordingQueue();
    const answers = [];
    for (const text of ["I was charged twice this month", "the app crashes on start"]) {
      const { status, body } = await apiJson("/v1/classify", {
        env: { DB: d1.binding, DECISION_QUEUE: queue.binding, DECISION_LOG: "queue" },
        body: { task: task.name, text },
      });
      expect(status, JSON.stringify(body)).toBe(200);
      answers.push(body);
    }
    // Neither request wrote a decision to D1 (the task read is cached or one read; no insert).
    expect(d1.statements).toBeLessThanOrEqual(1);
    for (const body of answers) expect(await storedDecision(body.decision_id)).toBeNull();
    const messages = queue.take();
    expect(messages).toHaveLength(2);
    const consumerD1 = countingD1(env.DB);
    const result = await deliver(messages, { DB: consumerD1.binding });
    expect(result.explicitAcks).toHaveLength(2);
    expect(consumerD1.statements).toBe(1);
    for (const body of answers) expect(await storedDecision(body.decision_id)).toMatchObject({ id: body.decision_id, output: body.label });
  });

  it("DECISION_LOG=queue: a failed send falls back to D1", async () => {
    const queue = recordingQueue();
    queue.failNext(1);
    const { status, body } = await apiJson("/v1/classify", {
      env: { DECISION_QUEUE: queue.binding, DECISION_LOG: "queue" },
      body: { task: task.name, text: "please cancel my subscription" },
    });
    expect(status).toBe(200);
    expect(queue.sent).toHaveLength(0);
    expect(await storedDecision(body.decision_id)).toMatchObject({ id: body.decision_id });
  });

  it("a batch with a message D1 refuses still records the others", async () => {
    const queue = recordingQueue();
    const { body } = await apiJson("/v1/classify", {
      env: { DECISION_QUEUE: queue.binding, DECISION_LOG: "queue" },
      body: { task: task.name, text: "where is my invoice for May" },
    });
    const [good] = queue.take();
    // A row that breaks a NOT NULL constraint: this message fails, the good one is written.
    const bad = { ...good, decisions: [{ ...good.decisions[0], id: "dec_broken_row", status: null }] };
    const result = await deliver([good, bad]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(1);
    expect(await storedDecision(body.decision_id)).toMatchObject({ id: body.decision_id });
    expect(await storedDecision("dec_broken_row")).toBeNull();
  });
});

import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { createRandom } from "../../src/learn/random.ts";
import { apiJson } from "../support/api.ts";
import { decisionWrites, faultyD1 } from "../support/faulty-d1.ts";
import { OPENAI_ENV, answer, openAiDouble, type Behaviour } from "../support/large-model-doubles.ts";
import { createTrainedTask } from "../support/tasks.ts";
import { recordingQueue } from "../support/webhook-senders.ts";

afterEach(() => vi.restoreAllMocks());

/**
 * The load test's spirit, in the runtime: a large model that fails 30% of calls (429 and 503),
 * hangs on 5% and answers malformed JSON on 5%, and a D1 that drops 60% of the decision
 * writes; 20 requests of 5 texts at once. Every answer returned must be exactly one recorded
 * row, nothing recorded may lack its answer, and no answer may be lost.
 */
describe("rows equal answers under faults in the model and in D1", () => {
  let task: any;
  beforeAll(async () => {
    task = await createTrainedTask({ threshold: 0.999 });
  });

  it("20 concurrent batches against a faulty model and a faulty D1", async () => {
    const random = createRandom(7);
    const behaviours: Behaviour[] = Array.from({ length: 600 }, () => {
      const roll = random();
      if (roll < 0.15) return { kind: "status", status: 429, retryAfter: "0" };
      if (roll < 0.3) return { kind: "status", status: 503 };
      if (roll < 0.35) return { kind: "hang" };
      if (roll < 0.4) return { kind: "malformed" };
      return answer(roll < 0.7 ? "billing" : "bug");
    });
    openAiDouble(...behaviours);
    const writes = createRandom(11);
    const d1 = faultyD1(env.DB, { fails: (sql) => decisionWrites(sql) && writes() < 0.6 });
    const queue = recordingQueue();
    const before = await env.DB.prepare("SELECT count(*) AS n FROM decisions WHERE task_id = ?").bind(task.id).first<{ n: number }>();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, r) =>
        apiJson("/v1/classify", {
          env: { ...OPENAI_ENV, DB: d1.binding, DECISION_QUEUE: queue.binding },
          body: { task: task.name, texts: Array.from({ length: 5 }, (_, i) => `request ${r} text ${i}: the invoice page shows an error`) },
        }),
      ),
    );
    for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBe(200);
    const answers = responses.flatMap((response) => response.body.results);
    expect(answers).toHaveLength(100);
    expect(d1.failures).toBeGreaterThan(0);

    // What D1 did not take is on the queue; the consumer records it.
    const queued = queue.take();
    expect(queued.length).toBeGreaterThan(0);
    const batch = createMessageBatch(
      "edge-cascade-decisions",
      queued.map((body, i) => ({ id: `load-${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Env>).queue!(batch, env as Env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(queued.length);

    const after = await env.DB.prepare("SELECT count(*) AS n FROM decisions WHERE task_id = ?").bind(task.id).first<{ n: number }>();
    expect(after!.n - before!.n).toBe(100);
    const statuses = new Set<string>();
    for (const answered of answers) {
      const logged = await apiJson(`/v1/decisions/${answered.decision_id}`);
      expect(logged.status).toBe(200);
      const { task: _task, label, ...decision } = answered;
      expect(label).toBe(decision.output);
      expect(logged.body).toEqual(decision);
      statuses.add(`${decision.status}:${decision.tier}`);
    }
    // The faults really happened: some answers came from the large model, some fell back to the edge.
    expect(statuses).toContain("ok:large");
    expect(statuses).toContain("degraded:edge");
  });
});

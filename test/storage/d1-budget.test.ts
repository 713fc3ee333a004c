import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { tasks, examples } from "../../schema/index.ts";
import worker from "../../src/index.ts";
import { database } from "../../src/storage/database.ts";
import { jsonRowsInserts, runBatch } from "../../src/storage/batch.ts";
import { apiJson } from "../support/api.ts";
import { countingD1 } from "../support/counting-d1.ts";
import { OPENAI_ENV, openAiDouble } from "../support/large-model-doubles.ts";
import { recordingJobsQueue } from "../support/recording-queue.ts";
import { createTrainedTask, deliverJob, TRIAGE_LABELS, uniqueName } from "../support/tasks.ts";
import { outboundDouble } from "../support/webhook-receivers.ts";
import { consume, createIntegration, recordingQueue, sendStandard } from "../support/webhook-senders.ts";
import { newWhsec } from "../support/webhook-signing.ts";

/** Cloudflare's limit on D1 queries per Worker invocation on the free plan (1,000 on paid). */
const FREE_PLAN_QUERIES = 50;

afterEach(() => vi.restoreAllMocks());

describe("D1 queries per invocation stay within the free plan's 50", () => {
  let task: any;
  beforeAll(async () => {
    // Every text goes to the large model and its label is kept: the most writes a classify makes.
    task = await createTrainedTask({ threshold: 1, settings: { keep_text: true } });
  });

  it("a classify of 100 texts, every one answered and labelled by the large model", async () => {
    openAiDouble({ kind: "by_text", choose: (text) => (text.includes("refund") ? "billing" : "bug") });
    const d1 = countingD1(env.DB);
    const texts = Array.from({ length: 100 }, (_, i) => `please refund order ${i}, the app crashed twice`);
    const { status, body } = await apiJson("/v1/classify", { env: { ...OPENAI_ENV, DB: d1.binding }, body: { task: task.name, texts } });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(100);
    expect(body.results.every((r: any) => r.tier === "large")).toBe(true);
    const logged = await apiJson(`/v1/decisions?task=${task.id}&limit=500`);
    expect(logged.body.data.length).toBeGreaterThanOrEqual(100);
    expect(d1.statements).toBeLessThanOrEqual(FREE_PLAN_QUERIES);
    expect(d1.statements).toBeLessThanOrEqual(12);
  });

  it("an import of 1 MB of examples", async () => {
    const fresh = await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: TRIAGE_LABELS } });
    const labels = TRIAGE_LABELS.map((label) => label.name);
    const rows = Array.from({ length: 19_000 }, (_, i) => ({ text: `ticket ${i} about things`, label: labels[i % 3] }));
    const body = JSON.stringify(rows);
    expect(body.length).toBeGreaterThan(900_000);
    expect(body.length).toBeLessThan(1024 * 1024);
    const d1 = countingD1(env.DB);
    const { status, body: answer } = await apiJson(`/v1/tasks/${fresh.body.id}/examples`, { env: { DB: d1.binding }, rawBody: body });
    expect(status, JSON.stringify(answer)).toBe(201);
    expect(answer).toMatchObject({ added: 19_000, total: 19_000 });
    expect(d1.statements).toBeLessThanOrEqual(FREE_PLAN_QUERIES);
    expect(d1.statements).toBeLessThanOrEqual(12);
  });

  it("the hourly cron over 1,000 tasks, its work fanned out as one job per due task", async () => {
    const db = database(env.DB);
    const now = Date.now();
    const prefix = uniqueName("cron");
    const taskRows = Array.from({ length: 1000 }, (_, i) => ({
      id: `tsk_${prefix}_${String(i).padStart(4, "0")}`,
      projectId: "prj_default",
      name: `${prefix}-${i}`,
      kind: "classify" as const,
      description: null,
      labels: TRIAGE_LABELS,
      threshold: null,
      targetAccuracy: null,
      tiers: null,
      activeModelId: null,
      driftThreshold: null,
      // Every other task asks for scheduled retrains.
      settings: { retrain_on_schedule: i % 2 === 0, auto_retrain: false },
      createdAt: now,
      updatedAt: now,
    }));
    const exampleRows = taskRows.flatMap((row, i) =>
      ["billing", "bug"].map((label, j) => ({ id: `ex_${prefix}_${i}_${j}`, taskId: row.id, text: `text ${i} ${j}`, label, source: "import" as const, decisionId: null, createdAt: now })),
    );
    await runBatch(db, [...jsonRowsInserts(db, tasks, taskRows), ...jsonRowsInserts(db, examples, exampleRows)]);

    const d1 = countingD1(env.DB);
    const jobs = recordingJobsQueue();
    await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "17 * * * *" }), { ...env, DB: d1.binding, JOBS: jobs.binding } as Env, createExecutionContext());
    expect(d1.statements).toBeLessThanOrEqual(FREE_PLAN_QUERIES);
    // One marks abandoned training versions failed, one finds the due tasks, one deletes expired idempotency keys.
    expect(d1.statements).toBe(3);
    const asked = jobs.sent.filter((job) => job.type === "retrain" && job.task_id.startsWith(`tsk_${prefix}`)) as Extract<(typeof jobs.sent)[number], { type: "retrain" }>[];
    expect(asked).toHaveLength(500);

    // Each job is one task's retrain decision, well within an invocation's budget.
    d1.reset();
    const result = await deliverJob(asked[0], 1, { DB: d1.binding, JOBS: jobs.binding });
    expect(result.explicitAcks).toHaveLength(1);
    expect(jobs.sent.some((job) => job.type === "train" && job.task_id === asked[0].task_id)).toBe(true);
    expect(d1.statements).toBeLessThanOrEqual(8);
  });
});

describe("queue consumers stay within the budget a batch allows", () => {
  const consumers = inject("queueConsumers");
  /** The most statements one message of each queue was measured to need. */
  const worst: Record<string, number> = { "edge-cascade-jobs": 0, "edge-cascade-deliveries": 0 };
  const measure = (queue: string, statements: number) => (worst[queue] = Math.max(worst[queue], statements));

  it("a training job", async () => {
    const task = await createTrainedTask();
    const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
    const d1 = countingD1(env.DB);
    await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id }, 1, { DB: d1.binding });
    measure("edge-cascade-jobs", d1.statements);
    expect(d1.statements).toBeGreaterThan(3);
  });

  it("a shadow check that keeps the label and asks for a retrain", async () => {
    const task = await createTrainedTask({ threshold: 0, target_accuracy: 0.99, settings: { keep_text: true, shadow_rate: 1 } });
    const jobs = recordingJobsQueue();
    const { body } = await apiJson("/v1/classify", { env: { JOBS: jobs.binding }, body: { task: task.name, text: "refund my invoice please" } });
    expect(body.tier).toBe("edge");
    const [shadow] = jobs.sent.filter((job) => job.type === "shadow");
    openAiDouble({ kind: "answer", label: "bug", confidence: 0.9 });
    const d1 = countingD1(env.DB);
    const result = await deliverJob(shadow, 1, { ...OPENAI_ENV, DB: d1.binding, JOBS: jobs.binding });
    expect(result.explicitAcks).toHaveLength(1);
    measure("edge-cascade-jobs", d1.statements);
  });

  it("a webhook delivery classified and summarized, then its callback", async () => {
    const classify = await createTrainedTask({ threshold: 0 });
    const summarize = await apiJson("/v1/tasks", { body: { name: uniqueName("sum"), kind: "summarize", settings: { keep_text: true } } });
    const secret = newWhsec();
    const integration = await createIntegration({
      kind: "standard",
      secret,
      text_pointer: "/data/text",
      events: { "*": { classify: classify.id, summarize: summarize.body.id } },
      outputs: { callback: { url: "https://receiver.example.com/hook", secret: newWhsec() } },
    });
    const queue = recordingQueue();
    const accepted = await sendStandard(integration.id, { type: "ticket", data: { text: "I was charged twice. Please refund the invoice. The app also crashed." } }, { secret, bindings: { DELIVERIES: queue.binding } });
    expect(accepted.status).toBe(202);
    const [processMessage] = queue.take();
    const d1 = countingD1(env.DB);
    expect((await consume(processMessage, { bindings: { DELIVERIES: queue.binding, DB: d1.binding } })).explicitAcks).toHaveLength(1);
    measure("edge-cascade-deliveries", d1.statements);
    const [output] = queue.take();
    outboundDouble({ "https://receiver.example.com/hook": () => new Response(null, { status: 204 }) });
    d1.reset();
    expect((await consume(output, { bindings: { DB: d1.binding } })).explicitAcks).toHaveLength(1);
    measure("edge-cascade-deliveries", d1.statements);
  });

  it("max_batch_size times the worst message stays within 50, in both environments", () => {
    for (const [queue, statements] of Object.entries(worst)) {
      expect(statements, queue).toBeGreaterThan(0);
      for (const environment of ["top", "production"] as const) {
        expect(consumers[environment][queue].maxBatchSize * statements, `${environment} ${queue}: ${statements} a message`).toBeLessThanOrEqual(FREE_PLAN_QUERIES);
      }
    }
  });
});

describe("the Worker's CPU limit", () => {
  it("is declared for production, above the longest measured training and within the platform's 5 minutes", () => {
    const cpuMs = inject("productionCpuMs");
    // CLINC150 (15,000 examples, 150 labels) trains in about 16 s of CPU in the jobs consumer.
    expect(cpuMs).toBeGreaterThanOrEqual(2 * 16_000);
    expect(cpuMs).toBeLessThanOrEqual(300_000);
  });
});

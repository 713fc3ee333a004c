import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { recordingJobsQueue } from "../support/recording-queue.ts";
import { TRIAGE_EXAMPLES, createTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

const goldOf = new Map(TRIAGE_EXAMPLES.map((e) => [e.text, e.label]));
/** A large model that reads the text: right on the triage examples (and their variants). */
const readsText = { kind: "by_text" as const, choose: (text: string) => goldOf.get(text.replace(/ (please|thanks|asap)$/, "")) ?? "bug" };
const STREAM = ["", " please", " thanks", " asap"].flatMap((suffix) => TRIAGE_EXAMPLES.map((e) => e.text + suffix));

describe("keeping texts for training", () => {
  it("keeps nothing unless the task opts in", async () => {
    const task = await createTask();
    openAiDouble(answer("billing"));
    await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "refund to jane@example.com" } });
    const added = await apiJson(`/v1/tasks/${task.id}/examples?source=kept`, { method: "DELETE" });
    expect(added.body.deleted).toBe(0);
  });

  it("keeps the large model's answers with personal data masked, and deletes them on request", async () => {
    const task = await createTask({ settings: { keep_text: true, auto_retrain: false } });
    openAiDouble(answer("billing"));
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "refund card 4111 1111 1111 1111, mail jane@example.com" } });
    expect(body.tier).toBe("large");
    const feedback = await apiJson(`/v1/decisions/${body.decision_id}/feedback`, { body: { label: "account" } });
    expect(feedback.status).toBe(201);
    expect(feedback.body).toMatchObject({ label: "account", answered: "billing", agreed: false });
    const deleted = await apiJson(`/v1/tasks/${task.id}/examples`, { method: "DELETE" });
    expect(deleted.body.deleted).toBe(2);
  });
});

describe("POST /v1/decisions/:id/feedback", () => {
  it("refuses a label outside the task's set", async () => {
    const task = await createTask({ settings: { keep_text: true } });
    openAiDouble(answer("bug"));
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "it broke" } });
    const { status, body: error } = await apiJson(`/v1/decisions/${body.decision_id}/feedback`, { body: { label: "complaint" } });
    expect(status).toBe(422);
    expect(error.error.code).toBe("unknown_label");
  });

  it("refuses feedback for a task that does not keep texts", async () => {
    const task = await createTask();
    openAiDouble(answer("bug"));
    const { body } = await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "it broke" } });
    const { status } = await apiJson(`/v1/decisions/${body.decision_id}/feedback`, { body: { label: "bug" } });
    expect(status).toBe(409);
  });

  it("accepts the text of an edge-answered decision only if it is that decision's text", async () => {
    const task = await createTask({ settings: { keep_text: true, auto_retrain: false }, threshold: 0 });
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES });
    const jobs = recordingJobsQueue();
    await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST", env: { JOBS: jobs.binding } });
    await jobs.deliverAll("train");
    const { body } = await apiJson("/v1/classify", { body: { task: task.name, text: "my invoice is wrong" } });
    expect(body.tier).toBe("edge");
    const withoutText = await apiJson(`/v1/decisions/${body.decision_id}/feedback`, { body: { label: "billing" } });
    expect(withoutText.status).toBe(422);
    expect(withoutText.body.error.message).toMatch(/send it as `text`/);
    const wrongText = await apiJson(`/v1/decisions/${body.decision_id}/feedback`, { body: { label: "billing", text: "another text" } });
    expect(wrongText.status).toBe(422);
    const right = await apiJson(`/v1/decisions/${body.decision_id}/feedback`, { body: { label: "billing", text: "my invoice is wrong" } });
    expect(right.status).toBe(201);
  });
});

describe("the learning loop", () => {
  it("starts with no examples, sends everything to the large model, retrains by itself, then answers at the edge", async () => {
    const task = await createTask({ target_accuracy: 0.8, settings: { keep_text: true } });
    const double = openAiDouble(readsText);
    const jobs = recordingJobsQueue();
    const tiers: string[] = [];
    for (const text of STREAM) {
      const { body } = await apiJson("/v1/classify", { env: { ...OPENAI_ENV, JOBS: jobs.binding }, body: { task: task.name, text } });
      tiers.push(body.tier);
      // The queue consumer runs between requests, as it would in production.
      await jobs.deliverAll("train", OPENAI_ENV);
    }
    expect(tiers.slice(0, 20).every((tier) => tier === "large")).toBe(true);
    expect(tiers.slice(-36).filter((tier) => tier === "edge").length).toBeGreaterThan(10);
    expect(double.requests.length).toBeLessThan(STREAM.length);

    const models = (await apiJson(`/v1/tasks/${task.id}/models`)).body.data;
    expect(models.length).toBeGreaterThanOrEqual(2);
    expect(models.every((m: any) => m.trigger === "labels")).toBe(true);
    expect(models.some((m: any) => m.verdict === "promoted" && m.threshold < 1)).toBe(true);
    const events = (await apiJson(`/v1/tasks/${task.id}/events`)).body.data.map((e: any) => e.kind);
    expect(events).toContain("retrain_scheduled");
    expect(events).toContain("promoted");
  });

  it("raises the threshold and schedules a retrain when live agreement drifts below the target", async () => {
    const task = await createTask({ target_accuracy: 0.8, settings: { keep_text: true, shadow_rate: 1, auto_retrain: false } });
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: [...TRIAGE_EXAMPLES, ...TRIAGE_EXAMPLES.map((e) => ({ ...e, text: `${e.text} please` }))] });
    const jobs = recordingJobsQueue();
    await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST", env: { JOBS: jobs.binding } });
    await jobs.deliverAll("train");
    const before = (await apiJson(`/v1/tasks/${task.id}`)).body;
    expect(before.drift_threshold).toBeNull();

    // The large model now disagrees with everything the edge says: the world has moved.
    openAiDouble({ kind: "by_text", choose: (text) => (goldOf.get(text.replace(/ (please|thanks|asap)$/, "")) === "bug" ? "account" : "bug") });
    let edgeAnswers = 0;
    for (const text of STREAM) {
      const { body } = await apiJson("/v1/classify", { env: { ...OPENAI_ENV, JOBS: jobs.binding }, body: { task: task.name, text } });
      if (body.tier === "edge") edgeAnswers++;
    }
    expect(edgeAnswers).toBeGreaterThanOrEqual(30);
    expect(jobs.sent.filter((m) => m.type === "shadow")).toHaveLength(edgeAnswers);
    // The text travels sealed: no message carries any of the classified texts in the clear.
    const messages = JSON.stringify(jobs.sent.filter((m) => m.type === "shadow"));
    expect(STREAM.some((text) => messages.includes(text))).toBe(false);
    await jobs.deliverAll("shadow", OPENAI_ENV);

    const after = (await apiJson(`/v1/tasks/${task.id}`)).body;
    expect(after.drift_threshold).toBeGreaterThan(0);
    const events = (await apiJson(`/v1/tasks/${task.id}/events`)).body.data;
    const kinds = events.map((e: any) => e.kind);
    expect(kinds).toContain("drift_detected");
    expect(kinds).toContain("threshold_raised");
    const drift = events.find((e: any) => e.kind === "drift_detected");
    expect(drift.details.agreement).toBeLessThan(0.85);
    const retrain = events.find((e: any) => e.kind === "retrain_scheduled" && e.details.trigger === "drift");
    expect(retrain).toBeDefined();
  });

  it("retrains on the Cron schedule when a task asks for it and has new labels", async () => {
    const task = await createTask({ settings: { retrain_on_schedule: true, auto_retrain: false } });
    await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES });
    const jobs = recordingJobsQueue();
    await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "17 * * * *" }), { ...env, JOBS: jobs.binding } as Env, createExecutionContext());
    // The cron asks about each due task with a job of its own; that job queues the training.
    expect(jobs.sent.filter((m) => "task_id" in m && m.task_id === task.id)).toEqual([{ type: "retrain", task_id: task.id, trigger: "schedule" }]);
    await jobs.deliverAll("retrain");
    expect(jobs.sent.some((m) => m.type === "train" && m.task_id === task.id)).toBe(true);
    const models = (await apiJson(`/v1/tasks/${task.id}/models`)).body.data;
    expect(models[0]).toMatchObject({ trigger: "schedule", status: "queued" });
  });
});

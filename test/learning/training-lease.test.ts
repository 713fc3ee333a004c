import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { JOBS_DEAD_LETTER_QUEUE, JOBS_QUEUE } from "../../src/learning/job-messages.ts";
import { trainModelVersion } from "../../src/learning/training-job.ts";
import { database } from "../../src/storage/database.ts";
import { kvModelArtifacts, type ModelArtifacts } from "../../src/storage/model-artifacts.ts";
import { ABANDONED_LEASE_MS, claimVersionForTraining, STALE_QUEUED_MS, TRAINING_LEASE_MS } from "../../src/storage/model-versions.ts";
import type { Clock } from "../../src/time/clock.ts";
import { apiJson } from "../support/api.ts";
import { recordingJobsQueue } from "../support/recording-queue.ts";
import { createTask, TRIAGE_EXAMPLES } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

let counter = 0;

/** Delivers one job message to the Worker's queue handler; the retry delays too, which the queue result leaves out. */
async function deliver(body: unknown, options: { attempts?: number; dead?: boolean } = {}) {
  const batch = createMessageBatch(options.dead ? JOBS_DEAD_LETTER_QUEUE : JOBS_QUEUE, [{ id: `lease-${++counter}`, timestamp: new Date(), attempts: options.attempts ?? 1, body }]);
  const retry = vi.spyOn(batch.messages[0], "retry");
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryDelays: retry.mock.calls.map(([options]) => options?.delaySeconds) };
}

/** A task with the triage examples and one queued version, whose job the test delivers itself. */
async function queuedVersion() {
  const task = await createTask();
  const jobs = recordingJobsQueue();
  await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES, env: { JOBS: jobs.binding } });
  const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST", env: { JOBS: jobs.binding } });
  expect(queued.status).toBe(202);
  return { task, modelId: queued.body.id as string, job: { type: "train", task_id: task.id, model_id: queued.body.id as string } };
}

async function versionRow(id: string) {
  return (await env.DB.prepare("SELECT status, error, lease_expires_at, started_at, finished_at, artifact_key FROM model_versions WHERE id = ?").bind(id).first<any>())!;
}

/** Sets a version's columns directly, as an attempt that died would have left them. */
async function setVersion(id: string, columns: Record<string, unknown>) {
  const names = Object.keys(columns);
  await env.DB.prepare(`UPDATE model_versions SET ${names.map((n) => `${n} = ?`).join(", ")} WHERE id = ?`).bind(...Object.values(columns), id).run();
}

const fixedClock = (now: number): Clock => ({ now: () => now, sleep: async () => {} });

describe("the training lease", () => {
  it("is chosen from the measured training times: longer than the CPU limit allows a job to compute, shorter than a retry cycle", () => {
    // CLINC150 trains in about 16 s of CPU and cpu_ms stops an invocation at 60 s.
    expect(TRAINING_LEASE_MS).toBeGreaterThanOrEqual(2 * 60_000);
    expect(ABANDONED_LEASE_MS).toBeGreaterThanOrEqual(5 * TRAINING_LEASE_MS);
  });

  it("a second delivery of the job while an attempt holds a live lease trains nothing and comes back when the lease lapses", async () => {
    const { modelId, job } = await queuedVersion();
    const db = database(env.DB);
    const now = Date.now();
    const claimed = await claimVersionForTraining(db, modelId, now);
    expect(claimed).toMatchObject({ status: "training", leaseExpiresAt: now + TRAINING_LEASE_MS });
    // Nobody else can claim it while it lasts.
    expect(await claimVersionForTraining(db, modelId, now + 1000)).toBeUndefined();

    const second = await deliver(job);
    expect(second.explicitAcks).toHaveLength(0);
    expect(second.retryMessages).toHaveLength(1);
    expect(second.retryDelays[0]).toBeGreaterThan(TRAINING_LEASE_MS / 1000 - 30);
    expect(second.retryDelays[0]).toBeLessThanOrEqual(TRAINING_LEASE_MS / 1000 + 10);
    expect(await versionRow(modelId)).toMatchObject({ status: "training", lease_expires_at: now + TRAINING_LEASE_MS, artifact_key: null });
  });

  it("an attempt that died mid-way (its lease lapsed) is taken over by the next delivery, which trains the version", async () => {
    const { modelId, job } = await queuedVersion();
    const started = Date.now() - TRAINING_LEASE_MS - 5_000;
    await setVersion(modelId, { status: "training", started_at: started, lease_expires_at: started + TRAINING_LEASE_MS });
    const retried = await deliver(job, { attempts: 2 });
    expect(retried.explicitAcks).toHaveLength(1);
    const row = await versionRow(modelId);
    expect(row).toMatchObject({ status: "ready", lease_expires_at: null, error: null });
    expect(row.started_at).toBeGreaterThan(started);
  });

  it("an attempt that fails with an error lets go of its lease, so the retry trains at once", async () => {
    const { modelId } = await queuedVersion();
    const db = database(env.DB);
    const kv = kvModelArtifacts(env.MODELS);
    const failing: ModelArtifacts = { load: kv.load, save: async () => Promise.reject(new Error("KV put failed")) };
    const now = Date.now();
    await expect(trainModelVersion({ db, artifacts: failing, clock: fixedClock(now) }, modelId)).rejects.toThrow("KV put failed");
    expect(await versionRow(modelId)).toMatchObject({ status: "training", lease_expires_at: now });
    expect(await trainModelVersion({ db, artifacts: kv, clock: fixedClock(now + 10_000) }, modelId)).toMatchObject({ status: "promoted" });
    expect(await versionRow(modelId)).toMatchObject({ status: "ready", lease_expires_at: null });
  });

  it("an attempt that outlived its lease and was taken over does not write its outcome over the new attempt's", async () => {
    const { modelId } = await queuedVersion();
    const db = database(env.DB);
    const kv = kvModelArtifacts(env.MODELS);
    const now = Date.now();
    let takenOverLease = 0;
    // While the slow attempt stores its weights, its lease lapses and another attempt claims the version.
    const slow: ModelArtifacts = {
      load: kv.load,
      save: async (key, model) => {
        const taker = await claimVersionForTraining(db, modelId, now + TRAINING_LEASE_MS + 1);
        takenOverLease = taker!.leaseExpiresAt!;
        return kv.save(key, model);
      },
    };
    expect(await trainModelVersion({ db, artifacts: slow, clock: fixedClock(now) }, modelId)).toMatchObject({ status: "skipped", reason: expect.stringMatching(/took the version over/) });
    expect(await versionRow(modelId)).toMatchObject({ status: "training", lease_expires_at: takenOverLease });
  });

  it("an attempt taken over between its lease check and its batch neither promotes nor records a verdict", async () => {
    const { task, modelId } = await queuedVersion();
    const now = Date.now();
    let takenOverLease = 0;
    // The takeover lands in the gap: right before the attempt's final batch reaches D1.
    const racing = new Proxy(env.DB, {
      get(target, property) {
        if (property === "batch") {
          return async (statements: D1PreparedStatement[]) => {
            const taker = await claimVersionForTraining(database(env.DB), modelId, now + TRAINING_LEASE_MS + 1);
            takenOverLease = taker!.leaseExpiresAt!;
            return target.batch(statements);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await trainModelVersion({ db: database(racing), artifacts: kvModelArtifacts(env.MODELS), clock: fixedClock(now) }, modelId);
    expect(takenOverLease).toBeGreaterThan(0);
    expect(await versionRow(modelId)).toMatchObject({ status: "training", lease_expires_at: takenOverLease });
    const shown = (await apiJson(`/v1/tasks/${task.id}`)).body;
    expect(shown.active_model_id).toBeNull();
    const events = (await apiJson(`/v1/tasks/${task.id}/events`)).body.data.map((event: any) => event.kind);
    expect(events).not.toContain("promoted");
    expect(events).not.toContain("rejected");
  });

  it("the dead-letter consumer does not fail a version under a live lease: it comes back once the lease lapses, then fails it", async () => {
    const { modelId, job } = await queuedVersion();
    const db = database(env.DB);
    await claimVersionForTraining(db, modelId, Date.now());
    const early = await deliver(job, { dead: true });
    expect(early.explicitAcks).toHaveLength(0);
    expect(early.retryDelays[0]).toBeGreaterThan(TRAINING_LEASE_MS / 1000 - 30);
    expect((await versionRow(modelId)).status).toBe("training");

    await setVersion(modelId, { lease_expires_at: Date.now() - 1 });
    const late = await deliver(job, { dead: true });
    expect(late.explicitAcks).toHaveLength(1);
    expect(await versionRow(modelId)).toMatchObject({ status: "failed", lease_expires_at: null, error: expect.stringMatching(/dead-lettered/) });
  });

  it("in flight means a live lease: a version abandoned long ago no longer blocks a new one, a recently lapsed one does", async () => {
    const recent = await queuedVersion();
    const lapsed = Date.now() - 60_000;
    await setVersion(recent.modelId, { status: "training", started_at: lapsed - TRAINING_LEASE_MS, lease_expires_at: lapsed });
    // A lapsed lease whose job is still retrying: the same version, not a second one.
    const again = await apiJson(`/v1/tasks/${recent.task.id}/train`, { method: "POST", env: { JOBS: recordingJobsQueue().binding } });
    expect(again.body.id).toBe(recent.modelId);

    const old = await queuedVersion();
    const longAgo = Date.now() - ABANDONED_LEASE_MS - 60_000;
    await setVersion(old.modelId, { status: "training", started_at: longAgo - TRAINING_LEASE_MS, lease_expires_at: longAgo });
    const fresh = await apiJson(`/v1/tasks/${old.task.id}/train`, { method: "POST", env: { JOBS: recordingJobsQueue().binding } });
    expect(fresh.status).toBe(202);
    expect(fresh.body.id).not.toBe(old.modelId);
  });

  it("the cron marks failed, with the reason, versions whose lease lapsed long ago or that stayed queued an hour; a live or recent one is left alone", async () => {
    const now = Date.now();
    const abandoned = await queuedVersion();
    await setVersion(abandoned.modelId, { status: "training", started_at: now - ABANDONED_LEASE_MS - TRAINING_LEASE_MS - 60_000, lease_expires_at: now - ABANDONED_LEASE_MS - 60_000 });
    const lost = await queuedVersion();
    await setVersion(lost.modelId, { created_at: now - STALE_QUEUED_MS - 60_000 });
    const recentlyLapsed = await queuedVersion();
    await setVersion(recentlyLapsed.modelId, { status: "training", started_at: now - TRAINING_LEASE_MS - 60_000, lease_expires_at: now - 60_000 });
    const live = await queuedVersion();
    await claimVersionForTraining(database(env.DB), live.modelId, now);
    const waiting = await queuedVersion();

    const jobs = recordingJobsQueue();
    await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "17 * * * *" }), { ...env, JOBS: jobs.binding } as Env, createExecutionContext());

    expect(await versionRow(abandoned.modelId)).toMatchObject({ status: "failed", lease_expires_at: null, error: expect.stringMatching(/^abandoned: its training job stopped without finishing/) });
    expect((await versionRow(abandoned.modelId)).finished_at).toBeGreaterThanOrEqual(now);
    expect(await versionRow(lost.modelId)).toMatchObject({ status: "failed", error: expect.stringMatching(/^abandoned: its training job did not start/) });
    expect((await versionRow(recentlyLapsed.modelId)).status).toBe("training");
    expect((await versionRow(live.modelId)).status).toBe("training");
    expect((await versionRow(waiting.modelId)).status).toBe("queued");
    // The API shows why, and the task can train again.
    const model = (await apiJson(`/v1/tasks/${abandoned.task.id}/models/${abandoned.modelId}`)).body;
    expect(model).toMatchObject({ status: "failed", error: expect.stringMatching(/abandoned/) });
    const next = await apiJson(`/v1/tasks/${abandoned.task.id}/train`, { method: "POST", env: { JOBS: jobs.binding } });
    expect(next.body.id).not.toBe(abandoned.modelId);
  });
});

import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { decisions } from "../../schema/index.ts";
import { archiveKey } from "../../src/decision-log/archive.ts";
import { ARCHIVE_CHUNK_ROWS, ARCHIVE_PUTS_PER_JOB, PURGE_CHUNKS_PER_JOB } from "../../src/decision-log/retention.ts";
import worker from "../../src/index.ts";
import { jsonRowsInserts, runBatch } from "../../src/storage/batch.ts";
import { database } from "../../src/storage/database.ts";
import { claimJobLease, releaseJobLease } from "../../src/storage/job-leases.ts";
import type { DecisionRow } from "../../src/storage/decisions.ts";
import { apiJson } from "../support/api.ts";
import { countingD1 } from "../support/counting-d1.ts";
import { recordingJobsQueue } from "../support/recording-queue.ts";
import { deliverJob } from "../support/tasks.ts";
import { ADMIN, createTrainedTaskAs, insertKey, insertProject } from "../projects/support.ts";

const DAY = 86_400_000;
/** Each statement of a jobs batch counts against the invocation's 50 queries; a batch holds 3 jobs. */
const JOB_STATEMENTS = 16;

let template: DecisionRow;
beforeAll(async () => {
  const projectId = await insertProject();
  const admin = await insertKey(projectId, ADMIN);
  const { task } = await createTrainedTaskAs(admin.key);
  const answered = await apiJson("/v1/classify", { key: admin.key, body: { task: task.name, text: "I was charged twice this month" } });
  expect(answered.status).toBe(200);
  template = (await database(env.DB).query.decisions.findFirst({ where: (d, { eq }) => eq(d.id, answered.body.decision_id) })) as DecisionRow;
});

/** A project with `old` decisions past the 30-day retention (`oldDays` apart, else 1 ms) and `recent` ones within it. */
async function projectWithHistory(old: number, recent: number, oldSpacing = 1) {
  const projectId = await insertProject();
  const admin = await insertKey(projectId, ADMIN);
  const now = Date.now();
  const row = (i: number, createdAt: number): DecisionRow => ({ ...template, id: `dec_ret_${projectId}_${String(i).padStart(6, "0")}`, projectId, createdAt });
  const rows = [
    ...Array.from({ length: old }, (_, i) => row(i, now - 200 * DAY + i * oldSpacing)),
    ...Array.from({ length: recent }, (_, i) => row(old + i, now - DAY + i)),
  ];
  await runBatch(database(env.DB), jsonRowsInserts(database(env.DB), decisions, rows));
  return { projectId, admin, rows };
}

async function count(projectId: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM decisions WHERE project_id = ?").bind(projectId).first<{ n: number }>())!.n;
}

async function statsTotals(key: string) {
  const { status, body } = await apiJson("/v1/stats?from=2000-01-01T00:00:00Z&bucket=day&to=2000-01-02T00:00:00Z", { key });
  expect(status).toBe(200);
  const all = await apiJson(`/v1/stats?bucket=day&from=${new Date(Date.now() - 300 * DAY).toISOString()}`, { key });
  expect(all.status, JSON.stringify(all.body)).toBe(200);
  return { empty: body.totals.requests, totals: all.body.totals };
}

describe("decision retention", () => {
  it("the hourly cron queues one purge job and runs no query for it", async () => {
    const jobs = recordingJobsQueue();
    const d1 = countingD1(env.DB);
    await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "17 * * * *" }), { ...env, DB: d1.binding, JOBS: jobs.binding } as Env, createExecutionContext());
    expect(jobs.sent.filter((job) => job.type === "purge_decisions")).toEqual([{ type: "purge_decisions" }]);
    const off = recordingJobsQueue();
    const offD1 = countingD1(env.DB);
    await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "17 * * * *" }), { ...env, DB: offD1.binding, JOBS: off.binding, DECISION_RETENTION_DAYS: "0" } as Env, createExecutionContext());
    expect(off.sent.filter((job) => job.type === "purge_decisions")).toEqual([]);
    // With retention on or off, the cron's own queries are the same: the purge runs in the job.
    expect(d1.statements).toBe(offD1.statements);
  });

  it("deletes decisions past DECISION_RETENTION_DAYS, keeps newer ones, and the stats keep counting the deleted", async () => {
    const { projectId, admin } = await projectWithHistory(30, 5);
    const before = await statsTotals(admin.key);
    expect(before.totals.requests).toBe(35);
    const d1 = countingD1(env.DB);
    const result = await deliverJob({ type: "purge_decisions" }, 1, { DB: d1.binding, DECISION_ARCHIVE: undefined });
    expect(result.explicitAcks).toHaveLength(1);
    expect(await count(projectId)).toBe(5);
    expect(d1.statements).toBeLessThanOrEqual(JOB_STATEMENTS);
    const after = await statsTotals(admin.key);
    expect(after.totals).toEqual(before.totals);
    // A deleted decision is gone from the API.
    expect((await apiJson(`/v1/decisions/dec_ret_${projectId}_000000`, { key: admin.key })).status).toBe(404);
  });

  it("keeps everything with DECISION_RETENTION_DAYS=0", async () => {
    const { projectId } = await projectWithHistory(3, 1);
    await deliverJob({ type: "purge_decisions" }, 1, { DECISION_RETENTION_DAYS: "0" });
    expect(await count(projectId)).toBe(4);
  });

  it("archives each chunk to R2 first, as gzip JSON Lines per project and day, each line the decision as the API shows it", async () => {
    const { projectId, admin, rows } = await projectWithHistory(4, 1);
    const shown = await Promise.all(rows.slice(0, 4).map(async (row) => (await apiJson(`/v1/decisions/${row.id}`, { key: admin.key })).body));
    await deliverJob({ type: "purge_decisions" }, 1);
    expect(await count(projectId)).toBe(1);
    const day = new Date(rows[0].createdAt).toISOString().slice(0, 10);
    const object = await env.DECISION_ARCHIVE.get(archiveKey(projectId, day, rows[0].id));
    expect(object, "the archive object").not.toBeNull();
    expect(object!.customMetadata).toMatchObject({ rows: "4", first_id: rows[0].id, last_id: rows[3].id });
    const text = await new Response(object!.body.pipeThrough(new DecompressionStream("gzip"))).text();
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toEqual(shown);
  });

  it("drains a backlog larger than a job in bounded jobs: each within its D1 share, the next one queued until none is left", async () => {
    const backlog = PURGE_CHUNKS_PER_JOB * ARCHIVE_CHUNK_ROWS + 1;
    const { projectId } = await projectWithHistory(backlog, 2);
    const jobs = recordingJobsQueue();
    const d1 = countingD1(env.DB);
    await deliverJob({ type: "purge_decisions" }, 1, { DB: d1.binding, JOBS: jobs.binding });
    expect(d1.statements).toBeLessThanOrEqual(JOB_STATEMENTS);
    expect(await count(projectId)).toBeLessThanOrEqual(3);
    expect(jobs.sent).toEqual([{ type: "purge_decisions" }]);
    const next = recordingJobsQueue();
    await deliverJob(jobs.sent[0], 1, { JOBS: next.binding });
    expect(await count(projectId)).toBe(2);
    expect(next.sent).toEqual([]);
  });

  it("is single-flight: a job that finds the purge lease held does nothing, and a lapsed lease is taken over", async () => {
    const { projectId } = await projectWithHistory(10, 0);
    const first = countingD1(env.DB);
    const second = countingD1(env.DB);
    await Promise.all([deliverJob({ type: "purge_decisions" }, 1, { DB: first.binding }), deliverJob({ type: "purge_decisions" }, 1, { DB: second.binding })]);
    // One ran (claim, chunks, release); the other only tried the claim.
    expect([first.statements, second.statements].sort((a, b) => a - b)[0]).toBe(1);
    expect(await count(projectId)).toBe(0);
    // A holder that died: its lease lapses and the next job runs.
    const again = await projectWithHistory(3, 0);
    await env.DB.prepare("UPDATE job_leases SET expires_at = ? WHERE name = 'purge_decisions'").bind(Date.now() + 60_000).run();
    await deliverJob({ type: "purge_decisions" });
    expect(await count(again.projectId)).toBe(3);
    await env.DB.prepare("UPDATE job_leases SET expires_at = ? WHERE name = 'purge_decisions'").bind(Date.now() - 1).run();
    await deliverJob({ type: "purge_decisions" });
    expect(await count(again.projectId)).toBe(0);
  });

  it("a job that outlived its lease does not release the lease another job took over since", async () => {
    const db = database(env.DB);
    const name = `lease-test-${crypto.randomUUID()}`;
    const now = Date.now();
    expect(await claimJobLease(db, name, now, now + 1000)).toBe(true);
    // The first holder's lease lapses and a second job claims it.
    expect(await claimJobLease(db, name, now + 2000, now + 60_000)).toBe(true);
    await releaseJobLease(db, name, now + 1000);
    expect(await claimJobLease(db, name, now + 3000, now + 70_000)).toBe(false);
    // Its own holder's release frees it at once.
    await releaseJobLease(db, name, now + 60_000);
    expect(await claimJobLease(db, name, now + 3000, now + 70_000)).toBe(true);
  });

  it("writes at most ARCHIVE_PUTS_PER_JOB archive objects a job (one per project and day), the rest in the next", async () => {
    const days = ARCHIVE_PUTS_PER_JOB + 5;
    const { projectId } = await projectWithHistory(days, 0, DAY);
    const jobs = recordingJobsQueue();
    await deliverJob({ type: "purge_decisions" }, 1, { JOBS: jobs.binding });
    expect(await count(projectId)).toBe(5);
    expect(jobs.sent).toEqual([{ type: "purge_decisions" }]);
    await deliverJob(jobs.sent[0]);
    expect(await count(projectId)).toBe(0);
    const listed = await env.DECISION_ARCHIVE.list({ prefix: `decisions/${projectId}/` });
    expect(listed.objects).toHaveLength(days);
  });
});

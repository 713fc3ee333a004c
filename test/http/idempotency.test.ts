import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index.ts";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../src/privacy/digest.ts";
import { api } from "../support/api.ts";
import { decisionWrites, faultyD1 } from "../support/faulty-d1.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { createTask, createTrainedTask, TRIAGE_EXAMPLES } from "../support/tasks.ts";
import { recordingQueue } from "../support/webhook-senders.ts";
import { TEST_API_KEY } from "../setup/test-secrets.ts";
import { createTrainedTaskAs, insertKey, insertProject } from "../projects/support.ts";

afterEach(() => vi.restoreAllMocks());

let counter = 0;
const newKey = () => `idem-${Date.now()}-${++counter}`;

/** A POST with an Idempotency-Key, as a client that retries sends it. */
async function post(path: string, body: unknown, key: string, extra: { env?: Record<string, unknown>; apiKey?: string } = {}) {
  const headers = new Headers({ authorization: `Bearer ${extra.apiKey ?? TEST_API_KEY}`, "content-type": "application/json", "idempotency-key": key });
  const request = new Request(`https://edge-cascade.test${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...extra.env } as Env, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text), headers: response.headers };
}

async function decisionsOf(taskId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM decisions WHERE task_id = ?").bind(taskId).first<{ n: number }>();
  return row!.n;
}

describe("Idempotency-Key", () => {
  let task: any;
  beforeAll(async () => {
    // Every text goes to the large model: a replay that ran anything would call the double again.
    task = await createTrainedTask({ threshold: 1 });
  });

  it("a retry with the same key and body gets the recorded answer, runs no model and logs nothing", async () => {
    const double = openAiDouble(answer("billing"), answer("bug"));
    const key = newKey();
    const body = { task: task.name, text: "I was charged twice this month" };
    const first = await post("/v1/classify", body, key, { env: OPENAI_ENV });
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const logged = await decisionsOf(task.id);

    const again = await post("/v1/classify", body, key, { env: OPENAI_ENV });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.text).toBe(first.text);
    expect(again.body.decision_id).toBe(first.body.decision_id);
    expect(double.requests).toHaveLength(1);
    expect(await decisionsOf(task.id)).toBe(logged);
  });

  it("the same key with another body is 422 idempotency_mismatch, and runs nothing", async () => {
    const double = openAiDouble(answer("billing"));
    const key = newKey();
    expect((await post("/v1/classify", { task: task.name, text: "refund please" }, key, { env: OPENAI_ENV })).status).toBe(200);
    const other = await post("/v1/classify", { task: task.name, text: "refund please!" }, key, { env: OPENAI_ENV });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency_mismatch");
    // The same body on another route is another request too.
    const elsewhere = await post("/v1/summarize", { task: task.name, text: "refund please" }, key);
    expect(elsewhere.status).toBe(422);
    expect(double.requests).toHaveLength(1);
  });

  it("a concurrent duplicate answers 409 with Retry-After while the first still runs", async () => {
    // The large model hangs until its timeout, so the first request is still running.
    openAiDouble({ kind: "hang" }, { kind: "hang" }, { kind: "hang" });
    const key = newKey();
    const body = { task: task.name, text: "the export button does nothing" };
    const [first, second] = await Promise.all([
      post("/v1/classify", body, key, { env: OPENAI_ENV }),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => post("/v1/classify", body, key, { env: OPENAI_ENV })),
    ]);
    expect(first.status, first.text).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("idempotency_in_progress");
    expect(second.headers.get("retry-after")).toBe("1");
    // Once the first is done, the retry gets its answer.
    const third = await post("/v1/classify", body, key, { env: OPENAI_ENV });
    expect(third.headers.get("idempotent-replayed")).toBe("true");
    expect(third.body.decision_id).toBe(first.body.decision_id);
  });

  it("keys belong to the project: another project's request under the same key runs on its own", async () => {
    const otherKey = `ec_test_other_project_${++counter}`;
    const project = `prj_idem_${counter}`;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, 0, 0)").bind(project, project),
      env.DB.prepare("INSERT INTO api_keys (id, project_id, name, prefix, hash, scopes, created_at) VALUES (?, ?, 'other', 'ec_test_othe', ?, '[\"admin\"]', 0)").bind(
        `key_${project}`,
        project,
        await sha256Hex(otherKey),
      ),
    ]);
    const key = newKey();
    const mine = await post("/v1/summarize", { text: "The pool closes for repairs in June. It reopens in August." }, key);
    const theirs = await post("/v1/summarize", { text: "The pool closes for repairs in June. It reopens in August." }, key, { apiKey: otherKey });
    expect(theirs.status, theirs.text).toBe(200);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.decision_id).not.toBe(mine.body.decision_id);
  });

  it("a key limited to tasks replays only its own answers, not another key's of the same project", async () => {
    const project = await insertProject();
    const { task: mine } = await createTrainedTaskAs((await insertKey(project, ["admin"])).key);
    const first = await insertKey(project, ["classify"], [mine.id]);
    const second = await insertKey(project, ["classify"], [mine.id]);
    const key = newKey();
    const body = { task: mine.id, text: "I was charged twice this month" };
    const a = await post("/v1/classify", body, key, { apiKey: first.key });
    const b = await post("/v1/classify", body, key, { apiKey: second.key });
    expect(a.status, a.text).toBe(200);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(b.body.decision_id).not.toBe(a.body.decision_id);
    expect((await post("/v1/classify", body, key, { apiKey: first.key })).headers.get("idempotent-replayed")).toBe("true");
  });

  it("a transient failure (503) is not recorded: the retry runs again", async () => {
    const d1 = faultyD1(env.DB, { fails: decisionWrites });
    const queue = recordingQueue();
    queue.failNext(10);
    const key = newKey();
    const body = { task: task.name, text: "I cannot log in since yesterday" };
    const failed = await post("/v1/classify", body, key, { env: { DB: d1.binding, DECISION_QUEUE: queue.binding } });
    expect(failed.status).toBe(503);
    const retried = await post("/v1/classify", body, key);
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(retried.body.decision_id).toMatch(/^dec_/);
  });

  it("an expired key runs again; the recorded answer is sealed", async () => {
    const key = newKey();
    const text = "The library opens a new reading room on Monday. It seats forty people. Entry is free.";
    const first = await post("/v1/summarize", { text }, key);
    expect(first.status).toBe(200);
    const record = await env.DB.prepare("SELECT response_sealed FROM idempotency_records WHERE key = ?").bind(key).first<{ response_sealed: string }>();
    expect(record!.response_sealed).toMatch(/^v\d+:/);
    expect(record!.response_sealed).not.toContain("reading room");
    await env.DB.prepare("UPDATE idempotency_records SET expires_at = 0 WHERE key = ?").bind(key).run();
    const after = await post("/v1/summarize", { text }, key);
    expect(after.headers.get("idempotent-replayed")).toBeNull();
    expect(after.body.decision_id).not.toBe(first.body.decision_id);
  });

  it("examples and training replay instead of adding twice", async () => {
    const fresh = await createTask();
    const key = newKey();
    const added = await post(`/v1/tasks/${fresh.id}/examples`, TRIAGE_EXAMPLES, key);
    expect(added.status, added.text).toBe(201);
    const again = await post(`/v1/tasks/${fresh.id}/examples`, TRIAGE_EXAMPLES, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.total).toBe(added.body.total);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM examples WHERE task_id = ?").bind(fresh.id).first<{ n: number }>();
    expect(stored!.n).toBe(TRIAGE_EXAMPLES.length);

    const trainKey = newKey();
    const train = await post(`/v1/tasks/${fresh.id}/train`, {}, trainKey);
    expect(train.status, train.text).toBe(202);
    const retrain = await post(`/v1/tasks/${fresh.id}/train`, {}, trainKey);
    expect(retrain.headers.get("idempotent-replayed")).toBe("true");
    expect(retrain.body.id).toBe(train.body.id);
  });

  it("a malformed key is 400 and nothing runs", async () => {
    const response = await api("/v1/classify", { body: { task: task.name, text: "hello" } });
    expect(response.status).toBe(200);
    const bad = await post("/v1/classify", { task: task.name, text: "hello" }, "has spaces in it");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("Idempotency-Key");
  });

  it("the OpenAPI document declares the header on the four routes", async () => {
    const doc = await (await api("/openapi.json", { key: null })).json<any>();
    for (const [path, method] of [
      ["/v1/classify", "post"],
      ["/v1/summarize", "post"],
      ["/v1/tasks/{id}/examples", "post"],
      ["/v1/tasks/{id}/train", "post"],
    ]) {
      const operation = doc.paths[path][method];
      expect(operation.parameters.map((p: any) => `${p.in}:${p.name}`), path).toContain("header:idempotency-key");
      expect(Object.keys(operation.responses), path).toEqual(expect.arrayContaining(["409", "422"]));
    }
  });
});

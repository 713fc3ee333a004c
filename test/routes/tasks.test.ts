import { describe, expect, it } from "vitest";
import { api, apiJson } from "../support/api.ts";
import { TRIAGE_LABELS, createTask, uniqueName } from "../support/tasks.ts";

describe("tasks", () => {
  it("creates a task and finds it by id and by name", async () => {
    const task = await createTask({ description: "Route tickets", threshold: 0.8 });
    expect(task.id).toMatch(/^tsk_/);
    expect(task.kind).toBe("classify");
    expect(task.labels.map((l: { name: string }) => l.name)).toEqual(["billing", "bug", "account"]);
    expect(task.threshold).toBe(0.8);
    expect(task.active_model_id).toBeNull();
    expect((await apiJson(`/v1/tasks/${task.id}`)).body.name).toBe(task.name);
    expect((await apiJson(`/v1/tasks/${task.name}`)).body.id).toBe(task.id);
  });

  it("accepts labels as plain strings", async () => {
    const task = await createTask({ labels: ["spam", "ham"] });
    expect(task.labels).toEqual([{ name: "spam" }, { name: "ham" }]);
  });

  it("refuses a duplicate name with 409", async () => {
    const task = await createTask();
    const { status, body } = await apiJson("/v1/tasks", { body: { name: task.name, labels: TRIAGE_LABELS } });
    expect(status).toBe(409);
    expect(body.error.code).toBe("conflict");
  });

  it("creates one task of 10 concurrent creations of one name; the others get 409, none a 500", async () => {
    const name = uniqueName();
    const answers = await Promise.all(Array.from({ length: 10 }, () => apiJson("/v1/tasks", { body: { name, labels: TRIAGE_LABELS } })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.error).toMatchObject({ code: "conflict", message: `A task named ${name} already exists` });
  });

  it("refuses duplicate labels and a single label", async () => {
    expect((await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: ["a", "a"] } })).status).toBe(400);
    expect((await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: ["a"] } })).status).toBe(400);
  });

  it("validates tier overrides", async () => {
    const ok = await createTask({ tiers: [{ provider: "edge", threshold: 0.6 }, { provider: "workers-ai", model: "@cf/meta/llama-3.1-8b-instruct-fp8-fast" }] });
    expect(ok.tiers).toHaveLength(2);
    const edgeLast = await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: ["a", "b"], tiers: [{ provider: "workers-ai" }, { provider: "edge" }] } });
    expect(edgeLast.status).toBe(400);
  });

  it("updates labels, threshold and target", async () => {
    const task = await createTask();
    const { status, body } = await apiJson(`/v1/tasks/${task.id}`, {
      method: "PATCH",
      body: { labels: [...TRIAGE_LABELS, { name: "feature_request" }], threshold: null, target_accuracy: 0.95 },
    });
    expect(status).toBe(200);
    expect(body.labels).toHaveLength(4);
    expect(body.target_accuracy).toBe(0.95);
    expect(body.threshold).toBeNull();
    expect(Date.parse(body.updated_at)).toBeGreaterThanOrEqual(Date.parse(task.updated_at));
  });

  it("accepts a none label only from the task's own labels", async () => {
    const task = await createTask({ labels: [...TRIAGE_LABELS, { name: "none", description: "None of the others" }], settings: { none_label: "none" } });
    expect(task.settings.none_label).toBe("none");
    const bad = await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: { settings: { none_label: "other" } } });
    expect(bad.status).toBe(400);
    const dropped = await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: { labels: TRIAGE_LABELS } });
    expect(dropped.status).toBe(400);
  });

  it("refuses an empty update", async () => {
    const task = await createTask();
    expect((await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: {} })).status).toBe(400);
  });

  it("lists tasks with a cursor", async () => {
    await createTask();
    await createTask();
    const first = await apiJson("/v1/tasks?limit=1");
    expect(first.body.data).toHaveLength(1);
    expect(first.body.next_cursor).toBeTruthy();
    const second = await apiJson(`/v1/tasks?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.data[0].id > first.body.data[0].id).toBe(true);
  });

  it("answers an unknown task id with 404", async () => {
    const response = await api("/v1/tasks/tsk_nope");
    expect(response.status).toBe(404);
  });
});

describe("examples", () => {
  it("stores a JSON array of examples", async () => {
    const task = await createTask();
    const { status, body } = await apiJson(`/v1/tasks/${task.id}/examples`, {
      body: [
        { text: "refund me", label: "billing" },
        { text: "it crashed", label: "bug" },
      ],
    });
    expect(status).toBe(201);
    expect(body).toEqual({ task_id: task.id, added: 2, total: 2, retrain_queued: null });
  });

  it("stores JSON Lines", async () => {
    const task = await createTask();
    const lines = '{"text":"refund me","label":"billing"}\n\n{"text":"cannot log in","label":"account"}\n';
    const { status, body } = await apiJson(`/v1/tasks/${task.id}/examples`, { rawBody: lines, contentType: "application/x-ndjson" });
    expect(status).toBe(201);
    expect(body.added).toBe(2);
  });

  it("refuses labels outside the task's set with 422, naming the rows, and stores nothing", async () => {
    const task = await createTask();
    const { status, body } = await apiJson(`/v1/tasks/${task.id}/examples`, {
      body: [
        { text: "refund me", label: "billing" },
        { text: "hello", label: "greeting" },
        { text: "crash", label: "bug" },
        { text: "meh", label: "other" },
      ],
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe("unknown_label");
    expect(body.error.details.bad_rows).toEqual([
      { row: 1, label: "greeting" },
      { row: 3, label: "other" },
    ]);
    const after = await apiJson(`/v1/tasks/${task.id}/examples`, { body: [{ text: "x", label: "bug" }] });
    expect(after.body.total).toBe(1);
  });

  it("reports the bad line of a JSON Lines body", async () => {
    const task = await createTask();
    const { status, body } = await apiJson(`/v1/tasks/${task.id}/examples`, {
      rawBody: '{"text":"a","label":"bug"}\n{not json}\n',
      contentType: "application/x-ndjson",
    });
    expect(status).toBe(400);
    expect(body.error.details).toEqual({ line: 2 });
  });

  it("refuses other content types with 415", async () => {
    const task = await createTask();
    const { status } = await apiJson(`/v1/tasks/${task.id}/examples`, { rawBody: "text,label", contentType: "text/csv" });
    expect(status).toBe(415);
  });
});

import { describe, expect, it } from "vitest";
import { apiJson } from "../support/api.ts";
import { createTask } from "../support/tasks.ts";

describe("request validation", () => {
  it("answers malformed JSON with 400 invalid_json", async () => {
    const { status, body } = await apiJson("/v1/classify", { rawBody: '{"task": "x", "text": ' });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_json");
    expect(body.error.request_id).toMatch(/\S/);
  });

  it("names the fields that fail validation", async () => {
    const { status, body } = await apiJson("/v1/tasks", { body: { name: "Bad Name!", labels: ["a"] } });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("name");
    expect(paths).toContain("labels");
  });

  it("refuses unknown fields rather than ignoring them", async () => {
    const { status, body } = await apiJson("/v1/classify", { body: { task: "x", text: "hello", labels: ["a"] } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/labels/);
  });

  it("needs exactly one of text and texts", async () => {
    const { status } = await apiJson("/v1/classify", { body: { task: "x", text: "a", texts: ["b"] } });
    expect(status).toBe(400);
    const neither = await apiJson("/v1/classify", { body: { task: "x" } });
    expect(neither.status).toBe(400);
  });

  it("answers an empty text with 400", async () => {
    const { status } = await apiJson("/v1/classify", { body: { task: "x", text: "   " } });
    expect(status).toBe(400);
  });

  it("refuses more than 100 texts in a batch", async () => {
    const { status, body } = await apiJson("/v1/classify", { body: { task: "x", texts: Array.from({ length: 101 }, () => "a") } });
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe("texts");
  });

  it("answers an unknown task with 404", async () => {
    const { status, body } = await apiJson("/v1/classify", { body: { task: "no-such-task", text: "hello" } });
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });

  it("answers an unknown route with 404 in the shared shape", async () => {
    const { status, body } = await apiJson("/v1/nothing-here");
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });
});

describe("size limits", () => {
  it("refuses a text over 64 KB with 413 before any model runs", async () => {
    const task = await createTask();
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, text: "a".repeat(64 * 1024 + 1) } });
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
    const decisions = await apiJson(`/v1/decisions?task=${task.id}`);
    expect(decisions.body.data).toHaveLength(0);
  });

  it("counts the limit in UTF-8 bytes, not characters", async () => {
    const task = await createTask();
    const { status } = await apiJson("/v1/classify", { body: { task: task.name, text: "é".repeat(33 * 1024) } });
    expect(status).toBe(413);
  });

  it("refuses a request body over 1 MB with 413", async () => {
    const texts = Array.from({ length: 20 }, () => "b".repeat(60 * 1024));
    const { status, body } = await apiJson("/v1/classify", { body: { task: "x", texts } });
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
  });
});

import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { createTrainedTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

let task: any;
let other: any;
const ids: string[] = [];
let startedAt = "";

beforeAll(async () => {
  task = await createTrainedTask({ threshold: 0.5 });
  other = await createTrainedTask();
  startedAt = new Date(Date.now() - 1000).toISOString();
  const edge = await apiJson("/v1/classify", { body: { task: task.name, texts: ["refund my payment", "the app crashes on start", "I cannot log in"] } });
  ids.push(...edge.body.results.map((r: any) => r.decision_id));
  // Raise the threshold for one request so that it falls back to the large model.
  await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: { threshold: 1 } });
  openAiDouble(answer("bug"));
  await apiJson("/v1/classify", { env: OPENAI_ENV, body: { task: task.name, text: "zzz qqq" } });
  vi.restoreAllMocks();
  await apiJson(`/v1/tasks/${task.id}`, { method: "PATCH", body: { threshold: 0.5 } });
  await apiJson("/v1/classify", { body: { task: other.name, text: "refund" } });
});

describe("GET /v1/decisions", () => {
  it("filters by task, newest first", async () => {
    const { body } = await apiJson(`/v1/decisions?task=${task.name}`);
    expect(body.data).toHaveLength(4);
    expect(body.data.every((d: any) => d.task_id === task.id)).toBe(true);
    const sorted = [...body.data].sort((a: any, b: any) => (a.decision_id < b.decision_id ? 1 : -1));
    expect(body.data.map((d: any) => d.decision_id)).toEqual(sorted.map((d: any) => d.decision_id));
  });

  it("filters by tier, fallback reason and status", async () => {
    const large = await apiJson(`/v1/decisions?task=${task.id}&tier=large`);
    expect(large.body.data).toHaveLength(1);
    expect(large.body.data[0].fallback.reason).toBe("low_confidence");
    const low = await apiJson(`/v1/decisions?task=${task.id}&fallback_reason=low_confidence`);
    expect(low.body.data.map((d: any) => d.decision_id)).toEqual(large.body.data.map((d: any) => d.decision_id));
    const ok = await apiJson(`/v1/decisions?task=${task.id}&status=ok`);
    expect(ok.body.data.length).toBeGreaterThanOrEqual(1);
    expect(ok.body.data.every((d: any) => d.status === "ok")).toBe(true);
  });

  it("filters by time range", async () => {
    const recent = await apiJson(`/v1/decisions?task=${task.id}&from=${encodeURIComponent(startedAt)}`);
    expect(recent.body.data).toHaveLength(4);
    const past = await apiJson(`/v1/decisions?task=${task.id}&to=2020-01-01T00:00:00Z`);
    expect(past.body.data).toHaveLength(0);
  });

  it("pages with a cursor without repeating or skipping", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = await apiJson(`/v1/decisions?task=${task.id}&limit=3${query}`);
      seen.push(...page.body.data.map((d: any) => d.decision_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    for (const id of ids) expect(seen).toContain(id);
  });

  it("refuses a bad filter with 400", async () => {
    expect((await apiJson("/v1/decisions?status=maybe")).status).toBe(400);
    expect((await apiJson("/v1/decisions?from=yesterday")).status).toBe(400);
    expect((await apiJson("/v1/decisions?limit=0")).status).toBe(400);
  });

  it("answers an unknown decision with 404", async () => {
    expect((await apiJson("/v1/decisions/dec_nope")).status).toBe(404);
  });
});

import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { ApiKeyScope } from "../../schema/enums.ts";
import { sha256Hex } from "../../src/privacy/digest.ts";
import { apiJson } from "../support/api.ts";
import { deliverJob, TRIAGE_EXAMPLES, TRIAGE_LABELS, uniqueName } from "../support/tasks.ts";

/**
 * A project made by inserting its row directly (not through POST /v1/projects, so these tests
 * depend only on the tables and on auth).
 */
export async function insertProject(): Promise<string> {
  const id = `prj_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const now = Date.now();
  await env.DB.prepare("INSERT INTO projects (id, name, daily_budget_usd, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)")
    .bind(id, uniqueName("prj"), now, now)
    .run();
  return id;
}

/** A key of the project, stored as its SHA-256 with its scopes (and tasks) as JSON: returns its id and the key itself. */
export async function insertKey(projectId: string, scopes: readonly ApiKeyScope[], taskIds: readonly string[] | null = null): Promise<{ id: string; key: string }> {
  const key = `ec_${crypto.randomUUID().replaceAll("-", "")}${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
  const id = `key_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  await env.DB.prepare(
    "INSERT INTO api_keys (id, project_id, name, prefix, hash, scopes, task_ids, expires_at, revoked_at, last_used_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?)",
  )
    .bind(id, projectId, uniqueName("key"), key.slice(0, 12), await sha256Hex(key), JSON.stringify(scopes), taskIds === null ? null : JSON.stringify(taskIds), Date.now())
    .run();
  return { id, key };
}

export const ADMIN: readonly ApiKeyScope[] = ["admin"];

/** A classification task of the key's project, through the API. */
export async function createTaskAs(key: string, overrides: Record<string, unknown> = {}): Promise<any> {
  const { status, body } = await apiJson("/v1/tasks", { key, body: { name: uniqueName(), labels: TRIAGE_LABELS, ...overrides } });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** A task of the key's project with the triage examples and a trained, active model; returns the task and the version. */
export async function createTrainedTaskAs(key: string, overrides: Record<string, unknown> = {}): Promise<{ task: any; model: any }> {
  const task = await createTaskAs(key, overrides);
  const added = await apiJson(`/v1/tasks/${task.id}/examples`, { key, body: TRIAGE_EXAMPLES });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const queued = await apiJson(`/v1/tasks/${task.id}/train`, { key, method: "POST" });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  const result = await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id });
  expect(result.explicitAcks).toHaveLength(1);
  const model = await apiJson(`/v1/tasks/${task.id}/models/${queued.body.id}`, { key });
  expect(model.body.status, JSON.stringify(model.body)).toBe("ready");
  return { task: { ...task, active_model_id: model.body.id }, model: model.body };
}

/** Classifies one text with the key; returns the decision (answered or not, it is logged). */
export async function classifyAs(key: string, task: string, text = "I was charged twice this month"): Promise<any> {
  const { status, body } = await apiJson("/v1/classify", { key, body: { task, text } });
  expect([200, 503], JSON.stringify(body)).toContain(status);
  expect(body.decision_id).toMatch(/^dec_/);
  return body;
}

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { mintApiKey } from "../../src/projects/mint-key.ts";
import { insertApiKey } from "../../src/storage/api-keys.ts";
import { database } from "../../src/storage/database.ts";
import { insertProjectWithKey } from "../../src/storage/projects.ts";
import { TEST_API_KEY } from "../setup/test-secrets.ts";
import { api, apiJson } from "../support/api.ts";
import { TRIAGE_LABELS, uniqueName } from "../support/tasks.ts";

const SECRET_FIELDS = ["key", "hash", "secret"];

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A project made with the bootstrap key (TEST_API_KEY): its JSON, with its first admin key. */
async function createProject(): Promise<any> {
  const { status, body } = await apiJson("/v1/projects", { body: { name: uniqueName("prj") } });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

async function createKey(adminKey: string, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  return apiJson("/v1/keys", { key: adminKey, body });
}

describe("projects and keys", () => {
  let project: any;
  let admin: string;
  let task: any;

  beforeAll(async () => {
    project = await createProject();
    admin = project.key;
    const created = await apiJson("/v1/tasks", { key: admin, body: { name: uniqueName(), labels: TRIAGE_LABELS } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    task = created.body;
  });

  it("creates a project with a bootstrap key, answering its first admin key once", async () => {
    expect(project.id).toMatch(/^prj_/);
    expect(project.key).toMatch(/^ec_[0-9a-f]{40}$/);
    expect(project.key_id).toMatch(/^key_/);
    expect(project.key_prefix).toBe(project.key.slice(0, 12));
    expect(project).toMatchObject({ daily_budget_usd: null, spend_today_usd: null, budget_left_usd: null });

    const read = await apiJson(`/v1/projects/${project.id}`, { key: admin });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: project.id, name: project.name, spend_today_usd: null, budget_left_usd: null });
    expect(read.body).not.toHaveProperty("key");

    const keys = await apiJson("/v1/keys", { key: admin });
    expect(keys.status).toBe(200);
    expect(keys.body.data).toHaveLength(1);
    expect(keys.body.data[0]).toMatchObject({ id: project.key_id, name: "admin", scopes: ["admin", "tasks:write", "classify", "summarize", "decisions:read", "feedback"], tasks: null });
  });

  it("lets two projects share a name: the id identifies a project, the name is a label", async () => {
    const { status, body } = await apiJson("/v1/projects", { body: { name: project.name } });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.name).toBe(project.name);
    expect(body.id).not.toBe(project.id);
    // Each key still sees only its own project.
    expect((await apiJson(`/v1/projects/${project.id}`, { key: body.key })).status).toBe(404);
  });

  it("creates a classify-only key limited to a task (by name), shown once and stored as its SHA-256", async () => {
    const { status, body } = await createKey(admin, { name: "bot", scopes: ["classify"], tasks: [task.name] });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ name: "bot", scopes: ["classify"], tasks: [task.id], project_id: project.id, expires_at: null, revoked_at: null, last_used_at: null });
    expect(body.key).toMatch(/^ec_[0-9a-f]{40}$/);
    expect(body.prefix).toBe(body.key.slice(0, 12));
    expect(body).not.toHaveProperty("hash");

    const stored = await env.DB.prepare("SELECT hash, project_id FROM api_keys WHERE id = ?").bind(body.id).first<{ hash: string; project_id: string }>();
    expect(stored).toEqual({ hash: await sha256Hex(body.key), project_id: project.id });

    // The key works for what it was given, and for nothing else.
    const tasks = await apiJson("/v1/tasks", { key: body.key });
    expect(tasks.status).toBe(200);
    expect(tasks.body.data.map((t: any) => t.id)).toEqual([task.id]);
    expect((await apiJson("/v1/keys", { key: body.key })).status).toBe(403);
    expect((await createKey(body.key, { name: "escalate", scopes: ["classify"] })).status).toBe(403);
    expect((await apiJson(`/v1/projects/${project.id}`, { key: body.key })).status).toBe(403);

    const current = await apiJson("/v1/project", { key: body.key });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: project.id, caller: { key_id: body.id, scopes: ["classify"], tasks: [task.id], bootstrap: false } });
  });

  it("lists keys without secrets or hashes, with last_used_at once a key is used", async () => {
    const made = await createKey(admin, { name: "reader", scopes: ["decisions:read"] });
    expect(made.status).toBe(201);
    expect((await apiJson("/v1/tasks", { key: made.body.key })).status).toBe(200);

    const { status, body } = await apiJson("/v1/keys", { key: admin });
    expect(status).toBe(200);
    const listed = body.data.find((key: any) => key.id === made.body.id);
    expect(listed).toMatchObject({ name: "reader", scopes: ["decisions:read"], revoked_at: null });
    expect(listed.last_used_at).not.toBeNull();
    for (const key of body.data) {
      for (const field of SECRET_FIELDS) expect(key).not.toHaveProperty(field);
    }
    expect(JSON.stringify(body)).not.toContain(made.body.key);
    expect(JSON.stringify(body)).not.toContain(await sha256Hex(made.body.key));

    const page = await apiJson("/v1/keys?limit=1", { key: admin });
    expect(page.body.data).toHaveLength(1);
    expect(page.body.next_cursor).toBe(page.body.data[0].id);
  });

  it("answers 422 naming the tasks the project does not have", async () => {
    const foreign = await apiJson("/v1/tasks", { body: { name: uniqueName(), labels: TRIAGE_LABELS } });
    expect(foreign.status).toBe(201);
    const { status, body } = await createKey(admin, { name: "bad", scopes: ["classify"], tasks: [task.id, "no-such-task", foreign.body.id] });
    expect(status).toBe(422);
    expect(body.error.code).toBe("unprocessable");
    expect(body.error.details.unknown_tasks).toEqual(["no-such-task", foreign.body.id]);
  });

  it("refuses an expiry in the past, and an expired key with 401", async () => {
    const past = await createKey(admin, { name: "old", scopes: ["classify"], expires_at: "2001-01-01T00:00:00Z" });
    expect(past.status).toBe(400);

    const future = await createKey(admin, { name: "later", scopes: ["classify"], expires_at: "2100-01-01T00:00:00Z" });
    expect(future.status).toBe(201);
    expect(future.body.expires_at).toBe("2100-01-01T00:00:00.000Z");

    // A key whose time has come, as it would be after its expiry.
    const { row, secret } = await mintApiKey({ projectId: project.id, name: "expired", scopes: ["classify"], taskIds: null, expiresAt: Date.now() - 1_000 }, Date.now() - 60_000);
    await insertApiKey(database(env.DB), row);
    const { status, body } = await apiJson("/v1/tasks", { key: secret });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toMatch(/expired/);
  });

  it("revokes a key: 204, refused with 401 at once in this isolate, listed with revoked_at", async () => {
    const made = await createKey(admin, { name: "doomed", scopes: ["classify"] });
    expect((await api("/v1/tasks", { key: made.body.key })).status).toBe(200); // now in this isolate's cache

    expect((await api(`/v1/keys/${made.body.id}`, { key: admin, method: "DELETE" })).status).toBe(204);
    const refused = await apiJson("/v1/tasks", { key: made.body.key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");

    const listed = (await apiJson("/v1/keys", { key: admin })).body.data.find((key: any) => key.id === made.body.id);
    expect(listed.revoked_at).not.toBeNull();
    // Revoking again changes nothing.
    expect((await api(`/v1/keys/${made.body.id}`, { key: admin, method: "DELETE" })).status).toBe(204);
  });

  it("keeps each project's keys and settings to its own admins (404 for another's)", async () => {
    const other = await createProject();
    const otherKey = await createKey(other.key, { name: "theirs", scopes: ["classify"] });
    expect(otherKey.status).toBe(201);

    expect((await apiJson(`/v1/projects/${other.id}`, { key: admin })).status).toBe(404);
    expect((await apiJson(`/v1/projects/${other.id}`, { key: admin, method: "PATCH", body: { daily_budget_usd: 1 } })).status).toBe(404);
    expect((await api(`/v1/keys/${otherKey.body.id}`, { key: admin, method: "DELETE" })).status).toBe(404);
    expect((await apiJson("/v1/keys", { key: admin })).body.data.map((key: any) => key.id)).not.toContain(otherKey.body.id);
    // The bootstrap keys administer the default project, not the projects they create.
    expect((await apiJson(`/v1/projects/${other.id}`)).status).toBe(404);
    expect((await api(`/v1/keys/${otherKey.body.id}`, { method: "DELETE" })).status).toBe(404);
    // The key still works: nobody else revoked it.
    expect((await api("/v1/tasks", { key: otherKey.body.key })).status).toBe(200);
  });

  it("lets only bootstrap keys create projects (403 for a project's admin key too)", async () => {
    const { status, body } = await apiJson("/v1/projects", { key: admin, body: { name: uniqueName("prj") } });
    expect(status).toBe(403);
    expect(body.error.code).toBe("forbidden");
    const classifier = await createKey(admin, { name: "c", scopes: ["classify"] });
    expect((await apiJson("/v1/projects", { key: classifier.body.key, body: { name: uniqueName("prj") } })).status).toBe(403);
  });

  it("changes a project's name and daily budget", async () => {
    const own = await createProject();
    const patched = await apiJson(`/v1/projects/${own.id}`, { key: own.key, method: "PATCH", body: { daily_budget_usd: 2.5, name: `${own.name}-renamed` } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ id: own.id, name: `${own.name}-renamed`, daily_budget_usd: 2.5 });
    expect((await apiJson(`/v1/projects/${own.id}`, { key: own.key, method: "PATCH", body: { daily_budget_usd: null } })).body.daily_budget_usd).toBeNull();
    expect((await apiJson(`/v1/projects/${own.id}`, { key: own.key, method: "PATCH", body: { daily_budget_usd: -1 } })).status).toBe(400);
    expect((await apiJson(`/v1/projects/${own.id}`, { key: own.key, method: "PATCH", body: {} })).status).toBe(400);
    // Another project's name is no conflict, so a rename tells a tenant nothing about other tenants.
    const twin = await apiJson(`/v1/projects/${own.id}`, { key: own.key, method: "PATCH", body: { name: project.name } });
    expect(twin.status, JSON.stringify(twin.body)).toBe(200);
    expect(twin.body).toMatchObject({ id: own.id, name: project.name });
    expect((await apiJson(`/v1/projects/${project.id}`, { key: admin })).body).toMatchObject({ id: project.id, name: project.name });
  });

  it("keeps the bootstrap keys as admins of the default project", async () => {
    const read = await apiJson("/v1/projects/prj_default");
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: "prj_default", name: "default" });
    const current = await apiJson("/v1/project");
    expect(current.body.caller).toMatchObject({ bootstrap: true, tasks: null });
    const made = await createKey(TEST_API_KEY, { name: "default-project-key", scopes: ["tasks:write"] });
    expect(made.status).toBe(201);
    expect(made.body.project_id).toBe("prj_default");
  });

  it("a key limited to tasks gets only its tasks and mints no keys; admin with tasks is refused", async () => {
    const limited = await createKey(admin, { name: "task-classifier", scopes: ["classify", "tasks:write"], tasks: [task.name] });
    expect(limited.status, JSON.stringify(limited.body)).toBe(201);
    expect(limited.body.tasks).toEqual([task.id]);
    // It may not mint keys of its own (keys are an admin's, and it is no admin).
    expect((await createKey(limited.body.key, { name: "inherits", scopes: ["classify"] })).status).toBe(403);
    expect((await createKey(admin, { name: "task-admin", scopes: ["admin"], tasks: [task.id] })).status).toBe(400);
  });

  it("writes a project and its first key together: when the key cannot be written, neither is the project", async () => {
    const db = database(env.DB);
    const now = Date.now();
    const id = `prj_together_${now.toString(36)}`;
    const { row } = await mintApiKey({ projectId: id, name: "admin", scopes: ["admin"], taskIds: null, expiresAt: null }, now);
    // The key's id is an existing key's, so the second statement fails and the batch with it.
    await expect(insertProjectWithKey(db, { id, name: "together", dailyBudgetUsd: null, createdAt: now, updatedAt: now }, { ...row, id: project.key_id })).rejects.toThrow();
    expect(await env.DB.prepare("SELECT count(*) AS n FROM projects WHERE id = ?").bind(id).first("n")).toBe(0);
  });
});

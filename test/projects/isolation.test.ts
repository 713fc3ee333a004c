import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiJson } from "../support/api.ts";
import { issuesOpened } from "../support/webhook-payloads.ts";
import { consume, drain, recordingQueue, sendGithub } from "../support/webhook-senders.ts";
import { ADMIN, classifyAs, createTaskAs, createTrainedTaskAs, insertKey, insertProject } from "./support.ts";
import { TRIAGE_LABELS } from "../support/tasks.ts";

const GITHUB_SECRET = "isolation-webhook-secret-0123456789";

/** Routes of the OpenAPI document that are not a project's resources, and why they are not walked. */
const NOT_WALKED: Record<string, string> = {
  "GET /health": "no API key and no resource: the Worker's own health",
  "POST /v1/projects": "creates a new project (bootstrap keys only); it reads no resource of another project",
  "POST /v1/tasks": "creates in the caller's own project; a task named like another project's is tested below",
  "POST /v1/integrations": "creates in the caller's own project; mapping another project's task is tested below",
  "POST /v1/keys": "creates a key of the caller's own project; naming another project's task is the keys tests' business",
  "POST /v1/integrations/reseal": "acts on the caller's own project's integrations only (every project's for a bootstrap key)",
};

/** Webhook routes take a signature, not an API key: another project's key means nothing there. */
const isHook = (path: string) => path.startsWith("/hooks/");

/** Request bodies for the routes that need one; each names project A's resources where it can. */
function bodyFor(route: string, a: Resources): unknown {
  const bodies: Record<string, unknown> = {
    "POST /v1/classify": { task: a.task.id, text: "I was charged twice this month" },
    "POST /v1/summarize": { task: a.summarizeTask.id, text: "The invoice was wrong. We refunded the charge. The customer is happy now." },
    "PATCH /v1/tasks/{id}": { description: "changed by the isolation test" },
    "POST /v1/tasks/{id}/examples": [{ text: "refund my double charge", label: "billing" }],
    "POST /v1/decisions/{id}/feedback": { label: "billing" },
    "PATCH /v1/integrations/{id}": { name: "renamed-by-isolation-test" },
    "PATCH /v1/projects/{id}": { daily_budget_usd: null },
  };
  return bodies[route];
}

interface Resources {
  projectId: string;
  task: any;
  summarizeTask: any;
  model: any;
  decision: any;
  integration: any;
  delivery: string;
  event: string;
  /** A second admin key of A, for the route that revokes a key (revoking A's walking key would end the walk). */
  spareKeyId: string;
}

/** Fills `{id}`, `{version}` ... with A's resource of the segment before it; an unknown one fails the test until it is added here. */
function fill(path: string, a: Resources): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    const segment = path.slice(0, offset).split("/").filter(Boolean).at(-1);
    const value: Record<string, string> = {
      "tasks:id": a.task.id,
      "models:version": a.model.id,
      "decisions:id": a.decision.decision_id,
      "integrations:id": a.integration.id,
      "keys:id": a.spareKeyId,
      "projects:id": a.projectId,
    };
    const filled = value[`${segment}:${name}`];
    if (!filled) throw new Error(`The isolation walk does not know which resource of project A fills {${name}} after /${segment}/ in ${path}: add it to fill()`);
    return filled;
  });
}

interface Walked {
  route: string;
  method: string;
  url: string;
  body: unknown;
  /** A path without parameters that lists what the caller's project has. */
  collection: boolean;
}

async function walkableRoutes(a: Resources): Promise<Walked[]> {
  const doc = (await apiJson("/openapi.json", { key: null })).body;
  const walked: Walked[] = [];
  for (const [path, operations] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const method of Object.keys(operations).filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))) {
      const route = `${method.toUpperCase()} ${path}`;
      if (isHook(path) || NOT_WALKED[route]) continue;
      walked.push({ route, method: method.toUpperCase(), url: fill(path, a), body: bodyFor(route, a), collection: !path.includes("{") && method === "get" });
    }
  }
  // A task named in the query is a resource too.
  walked.push({ route: "GET /v1/decisions?task=", method: "GET", url: `/v1/decisions?task=${a.task.id}`, body: undefined, collection: false });
  walked.push({ route: "GET /v1/decisions?task= (name)", method: "GET", url: `/v1/decisions?task=${a.task.name}`, body: undefined, collection: false });
  walked.push({ route: "GET /v1/stats?task=", method: "GET", url: `/v1/stats?task=${a.task.id}`, body: undefined, collection: false });
  // Destructive routes last, so the second pass still finds what they remove.
  return walked.sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));
}

async function call(route: Walked, key: string) {
  const response = await api(route.url, { method: route.method, key, ...(route.body !== undefined && { body: route.body }) });
  const text = await response.text();
  return { status: response.status, text };
}

describe("a project's resources are invisible to every other project, on every route", () => {
  let a: Resources;
  let keyA: string;
  let keyB: string;
  let idsOfA: string[];

  beforeAll(async () => {
    const projectA = await insertProject();
    const projectB = await insertProject();
    keyA = (await insertKey(projectA, ADMIN)).key;
    keyB = (await insertKey(projectB, ADMIN)).key;
    const spareKeyId = (await insertKey(projectA, ADMIN)).id;

    const { task, model } = await createTrainedTaskAs(keyA, { settings: { keep_text: true } });
    const summarizeTask = await createTaskAs(keyA, { kind: "summarize", labels: [] });
    const decision = await classifyAs(keyA, task.id);
    const integration = (
      await apiJson("/v1/integrations", { key: keyA, body: { kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: task.id } } } })
    ).body;
    expect(integration.id, JSON.stringify(integration)).toMatch(/^int_/);
    const queue = recordingQueue();
    const accepted = await sendGithub(integration.id, "issues", issuesOpened("Charged twice", "My card was billed twice"), { secret: GITHUB_SECRET, bindings: { DELIVERIES: queue.binding } });
    expect(accepted.status).toBe(202);
    const delivery = ((await accepted.json()) as any).delivery_id;
    const events = await apiJson(`/v1/tasks/${task.id}/events`, { key: keyA });
    expect(events.body.data.length, "training leaves learning events").toBeGreaterThan(0);
    a = { projectId: projectA, task, summarizeTask, model, decision, integration, delivery, event: events.body.data[0].id, spareKeyId };
    idsOfA = [task.id, summarizeTask.id, model.id, decision.decision_id, integration.id, delivery, a.event, spareKeyId, projectA];
  });

  it("walks every route of the OpenAPI document with project B's admin key: 404 for each of A's resources, never 403 or 200", async () => {
    const routes = await walkableRoutes(a);
    const names = routes.map((route) => route.route);
    for (const route of [
      "GET /v1/tasks/{id}",
      "PATCH /v1/tasks/{id}",
      "POST /v1/tasks/{id}/examples",
      "DELETE /v1/tasks/{id}/examples",
      "POST /v1/tasks/{id}/train",
      "GET /v1/tasks/{id}/models/{version}",
      "POST /v1/tasks/{id}/models/{version}/activate",
      "GET /v1/tasks/{id}/events",
      "POST /v1/classify",
      "POST /v1/summarize",
      "GET /v1/decisions/{id}",
      "POST /v1/decisions/{id}/feedback",
      "GET /v1/integrations/{id}",
      "PATCH /v1/integrations/{id}",
      "DELETE /v1/integrations/{id}",
      "GET /v1/integrations/{id}/deliveries",
    ]) {
      expect(names).toContain(route);
    }
    const leaks: string[] = [];
    for (const route of routes) {
      const { status, text } = await call(route, keyB);
      if (route.collection) {
        // A listing answers B's own (empty) collection: none of A's ids may appear in it.
        if (status !== 200 || idsOfA.some((id) => text.includes(id))) leaks.push(`${route.route}: ${status} ${text.slice(0, 200)}`);
      } else if (status !== 404) {
        leaks.push(`${route.route} (${route.url}): ${status} ${text.slice(0, 200)}`);
      } else {
        expect(JSON.parse(text).error.code, route.route).toBe("not_found");
      }
    }
    expect(leaks).toEqual([]);
  });

  it("walks them again with project A's key: each resource is there (so the first walk can fail)", async () => {
    const routes = await walkableRoutes(a);
    const expectedInList: Record<string, string> = {
      "GET /v1/tasks": a.task.id,
      "GET /v1/decisions": a.decision.decision_id,
      "GET /v1/integrations": a.integration.id,
      "GET /v1/keys": a.spareKeyId,
      "GET /v1/project": a.projectId,
      "GET /v1/tasks/{id}/models": a.model.id,
      "GET /v1/tasks/{id}/events": a.event,
      "GET /v1/integrations/{id}/deliveries": a.delivery,
    };
    const missing: string[] = [];
    for (const route of routes) {
      const { status, text } = await call(route, keyA);
      if (status === 404 || status === 403 || status >= 500) missing.push(`${route.route} (${route.url}): ${status} ${text.slice(0, 200)}`);
      const expected = expectedInList[route.route];
      if (expected && !text.includes(expected)) missing.push(`${route.route}: ${expected} is not listed`);
    }
    expect(missing).toEqual([]);
    // The walk's DELETE /v1/integrations/{id} (run last) removed A's integration: the walk reached it.
    expect((await apiJson(`/v1/integrations/${a.integration.id}`, { key: keyA })).status).toBe(404);
  });

  it("lets project B create a task named like A's, and finds B's own by that name", async () => {
    const twin = await createTaskAs(keyB, { name: a.task.name });
    expect(twin.id).not.toBe(a.task.id);
    expect((await apiJson(`/v1/tasks/${a.task.name}`, { key: keyB })).body.id).toBe(twin.id);
    expect((await apiJson(`/v1/tasks/${a.task.name}`, { key: keyA })).body.id).toBe(a.task.id);
    // The duplicate is refused within B only, without naming anything of A.
    const again = await apiJson("/v1/tasks", { key: keyB, body: { name: a.task.name, labels: TRIAGE_LABELS } });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain(a.task.id);
    // Classifying by the shared name uses B's task.
    const decision = await classifyAs(keyB, a.task.name);
    expect(decision.task_id).toBe(twin.id);
  });

  it("refuses an integration of B that maps A's task, at create and at patch", async () => {
    const created = await apiJson("/v1/integrations", { key: keyB, body: { kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: a.task.id } } } });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain("No task with id or name");
    const own = await createTaskAs(keyB);
    const integration = await apiJson("/v1/integrations", { key: keyB, body: { kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: own.id } } } });
    expect(integration.status).toBe(201);
    const patched = await apiJson(`/v1/integrations/${integration.body.id}`, { key: keyB, method: "PATCH", body: { events: { "issues.opened": { classify: a.task.id } } } });
    expect(patched.status).toBe(400);
  });
});

describe("webhook processing stays within the integration's project", () => {
  it("records the delivery's decision in the integration's project, and fails a delivery mapped to another project's task", async () => {
    const projectA = await insertProject();
    const projectB = await insertProject();
    const keyA = (await insertKey(projectA, ADMIN)).key;
    const keyB = (await insertKey(projectB, ADMIN)).key;
    const { task } = await createTrainedTaskAs(keyA);
    const taskOfB = await createTaskAs(keyB);
    const integration = (await apiJson("/v1/integrations", { key: keyA, body: { kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: task.id } } } })).body;
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };

    expect((await sendGithub(integration.id, "issues", issuesOpened("Charged twice", "My card was billed twice", 3), { secret: GITHUB_SECRET, bindings })).status).toBe(202);
    await drain(queue, bindings);
    const listed = await apiJson(`/v1/integrations/${integration.id}/deliveries`, { key: keyA });
    const [processed] = listed.body.data;
    expect(processed).toMatchObject({ status: "processed" });
    expect(processed.decisions).toHaveLength(1);
    const decisionId = processed.decisions[0].decision_id;
    expect(processed.decisions[0]).toMatchObject({ task_id: task.id, key_id: null, source: "webhook" });
    expect((await apiJson(`/v1/decisions/${decisionId}`, { key: keyA })).status).toBe(200);
    expect((await apiJson(`/v1/decisions/${decisionId}`, { key: keyB })).status).toBe(404);

    // Settings that somehow name another project's task (written behind the API's back) are refused at processing.
    await env.DB.prepare("UPDATE integrations SET settings = json_set(settings, '$.events', json(?)) WHERE id = ?")
      .bind(JSON.stringify({ "issues.opened": { classify_task_id: taskOfB.id } }), integration.id)
      .run();
    expect((await sendGithub(integration.id, "issues", issuesOpened("Login broken", "I cannot log in", 4), { secret: GITHUB_SECRET, bindings })).status).toBe(202);
    const [message] = queue.take();
    const result = await consume(message, { bindings });
    expect(result.explicitAcks).toHaveLength(1);
    const after = await apiJson(`/v1/integrations/${integration.id}/deliveries`, { key: keyA });
    const failed = after.body.data.find((delivery: any) => delivery.status !== "processed");
    expect(failed).toMatchObject({ status: "failed", decisions: [] });
    expect(failed.error).toContain("no longer exists");
    expect((await apiJson(`/v1/decisions?task=${taskOfB.id}`, { key: keyB })).body.data).toEqual([]);
  });
});

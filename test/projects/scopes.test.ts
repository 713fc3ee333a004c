import { beforeAll, describe, expect, it } from "vitest";
import { ROUTE_SCOPES, scopeOf } from "../../src/http/route-scopes.ts";
import { apiJson } from "../support/api.ts";
import { TRIAGE_EXAMPLES } from "../support/tasks.ts";
import { ADMIN, classifyAs, createTrainedTaskAs, insertKey, insertProject } from "./support.ts";

describe("scopes and keys limited to tasks", () => {
  let projectId: string;
  let admin: string;
  let first: any;
  let second: any;
  let model: any;

  beforeAll(async () => {
    projectId = await insertProject();
    admin = (await insertKey(projectId, ADMIN)).key;
    ({ task: first, model } = await createTrainedTaskAs(admin));
    ({ task: second } = await createTrainedTaskAs(admin));
  });

  it("a classify-only key classifies and reads tasks, and gets 403 forbidden on writing tasks and on the decision log", async () => {
    const { key } = await insertKey(projectId, ["classify"]);
    const decision = await classifyAs(key, first.id);
    expect((await apiJson(`/v1/tasks/${first.id}`, { key })).status).toBe(200);
    expect((await apiJson(`/v1/tasks/${first.id}/models`, { key })).status).toBe(200);

    const refused = [
      await apiJson("/v1/tasks", { key, body: { name: "not-allowed", labels: ["a", "b"] } }),
      await apiJson(`/v1/tasks/${first.id}`, { key, method: "PATCH", body: { description: "no" } }),
      await apiJson(`/v1/tasks/${first.id}/examples`, { key, body: TRIAGE_EXAMPLES.slice(0, 2) }),
      await apiJson(`/v1/tasks/${first.id}/train`, { key, method: "POST" }),
      await apiJson(`/v1/tasks/${first.id}/models/${model.id}/activate`, { key, method: "POST" }),
      await apiJson(`/v1/tasks/${first.id}/examples`, { key, method: "DELETE" }),
      await apiJson("/v1/decisions", { key }),
      await apiJson(`/v1/decisions/${decision.decision_id}`, { key }),
      await apiJson(`/v1/decisions/${decision.decision_id}/feedback`, { key, body: { label: "billing" } }),
      await apiJson(`/v1/tasks/${first.id}/events`, { key }),
      await apiJson("/v1/integrations", { key }),
      await apiJson("/v1/summarize", { key, body: { text: "One sentence. Another sentence." } }),
    ];
    for (const response of refused) {
      expect(response.status, JSON.stringify(response.body)).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
  });

  it("a decisions:read key reads the log but cannot classify; a feedback key gives feedback but cannot read the log", async () => {
    const reader = await insertKey(projectId, ["decisions:read"]);
    expect((await apiJson("/v1/decisions", { key: reader.key })).status).toBe(200);
    expect((await apiJson(`/v1/tasks/${first.id}/events`, { key: reader.key })).status).toBe(200);
    expect((await apiJson("/v1/classify", { key: reader.key, body: { task: first.id, text: "refund" } })).status).toBe(403);

    const decision = await classifyAs(admin, first.id);
    const feedback = await insertKey(projectId, ["feedback"]);
    const given = await apiJson(`/v1/decisions/${decision.decision_id}/feedback`, { key: feedback.key, body: { label: "billing" } });
    expect(given.status).not.toBe(403);
    expect(given.status).not.toBe(404);
    expect((await apiJson("/v1/decisions", { key: feedback.key })).status).toBe(403);
  });

  it("a key limited to one task gets 404 for the others, and its decision log holds only its task's decisions", async () => {
    const limited = await insertKey(projectId, ["classify", "decisions:read", "tasks:write"], [first.id]);
    const otherDecision = await classifyAs(admin, second.id);
    const ownDecision = await classifyAs(limited.key, first.id);

    for (const path of [`/v1/tasks/${second.id}`, `/v1/tasks/${second.name}`, `/v1/tasks/${second.id}/models`, `/v1/tasks/${second.id}/events`, `/v1/decisions/${otherDecision.decision_id}`, `/v1/decisions?task=${second.id}`]) {
      const response = await apiJson(path, { key: limited.key });
      expect(response.status, path).toBe(404);
    }
    expect((await apiJson("/v1/classify", { key: limited.key, body: { task: second.id, text: "refund" } })).status).toBe(404);
    expect((await apiJson(`/v1/tasks/${second.id}`, { key: limited.key, method: "PATCH", body: { description: "no" } })).status).toBe(404);
    expect((await apiJson(`/v1/tasks/${second.id}/train`, { key: limited.key, method: "POST" })).status).toBe(404);
    // It creates no tasks: it could not see them.
    expect((await apiJson("/v1/tasks", { key: limited.key, body: { name: "limited-new", labels: ["a", "b"] } })).status).toBe(403);

    expect((await apiJson(`/v1/tasks/${first.id}`, { key: limited.key })).status).toBe(200);
    const tasks = await apiJson("/v1/tasks", { key: limited.key });
    expect(tasks.body.data.map((task: any) => task.id)).toEqual([first.id]);
    const log = await apiJson("/v1/decisions?limit=500", { key: limited.key });
    expect(log.status).toBe(200);
    expect(log.body.data.length).toBeGreaterThan(0);
    expect(new Set(log.body.data.map((decision: any) => decision.task_id))).toEqual(new Set([first.id]));
    expect(log.body.data.map((decision: any) => decision.decision_id)).toContain(ownDecision.decision_id);
  });

  it("records the key with each decision and filters the log by key_id", async () => {
    const one = await insertKey(projectId, ["classify"]);
    const two = await insertKey(projectId, ["classify"]);
    const byOne = await classifyAs(one.key, first.id);
    const byTwo = await classifyAs(two.key, first.id);
    expect(byOne.key_id).toBe(one.id);
    expect(byTwo.key_id).toBe(two.id);

    const filtered = await apiJson(`/v1/decisions?key_id=${one.id}`, { key: admin });
    expect(filtered.status).toBe(200);
    expect(filtered.body.data.map((decision: any) => decision.decision_id)).toEqual([byOne.decision_id]);
    expect(filtered.body.data[0].key_id).toBe(one.id);
    expect((await apiJson(`/v1/decisions/${byTwo.decision_id}`, { key: admin })).body.key_id).toBe(two.id);
    // Another project's key id filters to nothing here.
    expect((await apiJson("/v1/decisions?key_id=key_of_nobody", { key: admin })).body.data).toEqual([]);
  });

  it("needs admin for a route missing from the table, and every table entry names a known scope", () => {
    expect(scopeOf("DELETE", "/v1/some-future-route/:id")).toBe("admin");
    expect(scopeOf("get", "/v1/tasks")).toBe("any");
    for (const scope of Object.values(ROUTE_SCOPES)) expect(["any", "admin", "tasks:write", "classify", "summarize", "decisions:read", "feedback"]).toContain(scope);
  });

  it("a key limited to tasks is never an admin and cannot summarize without a task", async () => {
    const { key: limitedAdmin } = await insertKey(projectId, ["admin"], [first.id]);
    // admin still grants the other scopes on its own task...
    expect((await apiJson(`/v1/tasks/${first.id}/examples`, { key: limitedAdmin, body: TRIAGE_EXAMPLES.slice(0, 2) })).status).toBe(201);
    // ...but not keys, integrations or project settings, which span every task.
    for (const refused of [
      await apiJson("/v1/keys", { key: limitedAdmin }),
      await apiJson("/v1/keys", { key: limitedAdmin, body: { name: "wider", scopes: ["admin"] } }),
      await apiJson("/v1/integrations", { key: limitedAdmin }),
      await apiJson(`/v1/projects/${projectId}`, { key: limitedAdmin, method: "PATCH", body: { daily_budget_usd: 100 } }),
    ]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    }
    // An admin of the whole project cannot mint an admin limited to tasks either (it would be no admin).
    const mixed = await apiJson("/v1/keys", { key: admin, body: { name: "mixed", scopes: ["admin"], tasks: [first.id] } });
    expect(mixed.status).toBe(400);

    const { key: summarizer } = await insertKey(projectId, ["summarize"], [first.id]);
    const taskless = await apiJson("/v1/summarize", { key: summarizer, body: { text: "One sentence. Another sentence." } });
    expect(taskless.status).toBe(403);
  });

  it("a key that expires cannot create a key that outlives it", async () => {
    const expiring = await apiJson("/v1/keys", { key: admin, body: { name: "for an hour", scopes: ["admin"], expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(expiring.status, JSON.stringify(expiring.body)).toBe(201);
    const forever = await apiJson("/v1/keys", { key: expiring.body.key, body: { name: "forever", scopes: ["classify"] } });
    expect(forever.status).toBe(403);
    const later = await apiJson("/v1/keys", { key: expiring.body.key, body: { name: "tomorrow", scopes: ["classify"], expires_at: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(later.status).toBe(403);
    const within = await apiJson("/v1/keys", { key: expiring.body.key, body: { name: "half an hour", scopes: ["classify"], expires_at: new Date(Date.now() + 1_800_000).toISOString() } });
    expect(within.status).toBe(201);
  });
});

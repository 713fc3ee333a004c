import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, apiJson } from "../support/api.ts";
import { createTask, uniqueName } from "../support/tasks.ts";
import { createIntegration } from "../support/webhook-senders.ts";
import { newWhsec } from "../support/webhook-signing.ts";

const GITHUB_SECRET = "gh-webhook-secret-0123456789abcdef";
const TOKEN = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";

async function tasks() {
  const classify = await createTask();
  const summarize = await createTask({ name: uniqueName("sum"), kind: "summarize", labels: [] });
  return { classify, summarize };
}

describe("/v1/integrations", () => {
  it("creates a GitHub integration, returns its inbound URL and never its secrets", async () => {
    const { classify, summarize } = await tasks();
    const callbackSecret = newWhsec();
    const { status, body } = await apiJson("/v1/integrations", {
      body: {
        kind: "github",
        name: "Codertocat/Hello-World",
        secret: GITHUB_SECRET,
        events: { "issues.opened": { classify: classify.name, summarize: summarize.id } },
        outputs: { callback: { url: "https://receiver.example.com/hook", secret: callbackSecret }, github: { token: TOKEN, label: true, comment: true } },
      },
    });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.id).toMatch(/^int_/);
    expect(body.inbound_url).toBe(`https://edge-cascade.test/hooks/github/${body.id}`);
    expect(body.events).toEqual({ "issues.opened": { classify: classify.id, summarize: summarize.id } });
    expect(body.secrets).toEqual({ count: 1, hints: [`…${GITHUB_SECRET.slice(-4)}`] });
    expect(body.outputs.callback).toEqual({ url: "https://receiver.example.com/hook", secret_hint: `…${callbackSecret.slice(-4)}`, disabled_at: null, disabled_reason: null });
    expect(body.outputs.github).toMatchObject({ label: true, comment: true, has_token: true });

    const fetched = await apiJson(`/v1/integrations/${body.id}`);
    const listed = await apiJson("/v1/integrations?limit=200");
    for (const json of [JSON.stringify(body), JSON.stringify(fetched.body), JSON.stringify(listed.body)]) {
      expect(json).not.toContain(GITHUB_SECRET);
      expect(json).not.toContain(callbackSecret);
      expect(json).not.toContain(TOKEN);
    }
    expect(listed.body.data.map((i: any) => i.id)).toContain(body.id);
  });

  it("stores the secrets sealed: the D1 row does not contain them", async () => {
    const { classify } = await tasks();
    const integration = await createIntegration({ kind: "slack", secret: "8f742231b10e8888abcd99yyyzzz85a5", events: { message: { classify: classify.id } }, outputs: { slack: { bot_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy" } } });
    const row = await env.DB.prepare("SELECT * FROM integrations WHERE id = ?").bind(integration.id).first<Record<string, unknown>>();
    const dump = JSON.stringify(row);
    expect(dump).not.toContain("8f742231b10e8888abcd99yyyzzz85a5");
    expect(dump).not.toContain("pdFZKVeTuE8sk7oOcBrzbqgy");
    expect(String(row!.secrets_sealed)).toMatch(/^v1:/); // sealed under SEALING_KEYS v1
  });

  it("updates: rotates secrets, replaces events, removes and re-adds outputs, keeps unsent tokens", async () => {
    const { classify, summarize } = await tasks();
    const integration = await createIntegration({
      kind: "standard",
      secret: newWhsec(),
      events: { "*": { classify: classify.id } },
      text_pointer: "/data/text",
      outputs: { callback: { url: "https://receiver.example.com/a", secret: newWhsec() } },
    });
    const rotated = await apiJson(`/v1/integrations/${integration.id}`, {
      method: "PATCH",
      body: { secrets: [newWhsec(), newWhsec()], events: { "ticket.created": { summarize: summarize.name } }, text_pointer: "/data/body" },
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.secrets.count).toBe(2);
    expect(rotated.body.events).toEqual({ "ticket.created": { summarize: summarize.id } });
    expect(rotated.body.text_pointer).toBe("/data/body");
    expect(rotated.body.outputs.callback.url).toBe("https://receiver.example.com/a");

    // A new URL without a secret keeps the stored secret.
    const moved = await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", body: { outputs: { callback: { url: "https://receiver.example.com/b" } } } });
    expect(moved.body.outputs.callback).toMatchObject({ url: "https://receiver.example.com/b", secret_hint: integration.outputs.callback.secret_hint });
    const removed = await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", body: { outputs: { callback: null } } });
    expect(removed.body.outputs.callback).toBeNull();
    const again = await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", body: { outputs: { callback: { url: "https://receiver.example.com/c" } } } });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain("whsec_");
  });

  it("after its sealing key is dropped from SEALING_KEYS, the stored secrets cannot be opened: an update must send them again", async () => {
    const { classify } = await tasks();
    const integration = await createIntegration({ kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: classify.id } } });
    const rotatedKey = { SEALING_KEYS: "v2:another-sealing-key-after-rotation-0" };
    const without = await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", env: rotatedKey, body: { name: "renamed" } });
    expect(without.status).toBe(400);
    expect(without.body.error.message).toContain("SEALING_KEYS");
    const withSecrets = await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", env: rotatedKey, body: { name: "renamed", secret: GITHUB_SECRET } });
    expect(withSecrets.status).toBe(200);
    // Now sealed under the new key, the old key no longer opens them.
    expect((await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", body: { name: "again" } })).status).toBe(400);
  });

  it("deletes an integration", async () => {
    const { classify } = await tasks();
    const integration = await createIntegration({ kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: classify.id } } });
    const deleted = await api(`/v1/integrations/${integration.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect((await apiJson(`/v1/integrations/${integration.id}`)).status).toBe(404);
  });
});

describe("/v1/integrations validation", () => {
  const cases: [string, (t: { classify: any; summarize: any }) => Record<string, unknown>, string][] = [
    ["an unknown GitHub event", (t) => ({ kind: "github", secret: GITHUB_SECRET, events: { "push.created": { classify: t.classify.id } } }), "events.push.created"],
    ["a summarize task used to classify", (t) => ({ kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: t.summarize.id } } }), "is a summarize task"],
    ["an unknown task", () => ({ kind: "slack", secret: GITHUB_SECRET, events: { message: { classify: "no-such-task" } } }), "No task"],
    ["an event without tasks", () => ({ kind: "slack", secret: GITHUB_SECRET, events: { message: {} } }), "Name a classify task"],
    ["a standard integration without a text pointer", (t) => ({ kind: "standard", secret: newWhsec(), events: { "*": { classify: t.classify.id } } }), "text_pointer"],
    ["a text pointer that is not RFC 6901", (t) => ({ kind: "standard", secret: newWhsec(), text_pointer: "data.text", events: { "*": { classify: t.classify.id } } }), "JSON pointer"],
    ["a standard secret without whsec_", (t) => ({ kind: "standard", secret: "plain-secret-value", text_pointer: "/text", events: { "*": { classify: t.classify.id } } }), "whsec_"],
    ["a GitHub output on a Slack integration", (t) => ({ kind: "slack", secret: GITHUB_SECRET, events: { message: { classify: t.classify.id } }, outputs: { github: { token: TOKEN } } }), "Only github"],
    ["a callback to the metadata service", (t) => ({ kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: t.classify.id } }, outputs: { callback: { url: "https://169.254.169.254/latest", secret: newWhsec() } } }), "refused"],
    ["a callback with credentials", (t) => ({ kind: "github", secret: GITHUB_SECRET, events: { "issues.opened": { classify: t.classify.id } }, outputs: { callback: { url: "https://a:b@example.com/", secret: newWhsec() } } }), "credentials"],
    ["both secret and secrets", (t) => ({ kind: "github", secret: GITHUB_SECRET, secrets: [GITHUB_SECRET], events: { "issues.opened": { classify: t.classify.id } } }), "secret"],
  ];
  it.each(cases)("refuses %s with 400 and the shared error shape", async (_, build, expected) => {
    const t = await tasks();
    const { status, body } = await apiJson("/v1/integrations", { body: build(t) });
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_request", request_id: expect.any(String) });
    expect(JSON.stringify(body.error)).toContain(expected);
  });

  it("needs an API key", async () => {
    const { status, body } = await apiJson("/v1/integrations", { key: null });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
  });

  it("appears in the OpenAPI document, with the inbound hooks", async () => {
    const { body } = await apiJson("/openapi.json", { key: null });
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/v1/integrations", "/v1/integrations/{id}", "/v1/integrations/{id}/deliveries", "/hooks/github/{id}", "/hooks/slack/{id}", "/hooks/standard/{id}"]),
    );
    expect(body.paths["/hooks/github/{id}"].post.security).toEqual([]);
  });
});

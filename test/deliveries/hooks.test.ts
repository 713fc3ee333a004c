import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson } from "../support/api.ts";
import { createTask } from "../support/tasks.ts";
import { issueCommentCreated, issuesOpened, ping, pullRequestOpened, slackMessage, slackUrlVerification } from "../support/webhook-payloads.ts";
import { createIntegration, inbound, recordingQueue, sendGithub, sendSlack, sendStandard } from "../support/webhook-senders.ts";
import { githubSignature, newWhsec, nowSeconds, standardSignature } from "../support/webhook-signing.ts";
import { COMMENT_MARKER } from "../../src/deliveries/github/events.ts";

afterEach(() => vi.restoreAllMocks());

const GITHUB_SECRET = "It's a Secret to Everybody";
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

async function githubIntegration() {
  const task = await createTask();
  return createIntegration({
    kind: "github",
    secret: GITHUB_SECRET,
    events: { "issues.opened": { classify: task.id }, "issue_comment.created": { classify: task.id }, "pull_request.opened": { classify: task.id } },
  });
}

describe("POST /hooks/github/:id", () => {
  it("accepts a signed issues.opened with 202 and queues the issue's title and body with its target", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const response = await sendGithub(integration.id, "issues", issuesOpened("Charged twice", "My card was billed twice for March", 7), {
      secret: GITHUB_SECRET,
      delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      bindings: { DELIVERIES: queue.binding },
    });
    expect(response.status).toBe(202);
    const body: any = await response.json();
    expect(body).toMatchObject({ delivery_id: expect.stringMatching(/^dlv_/), status: "queued", duplicate: false });
    expect(queue.sent).toEqual([
      {
        type: "webhook.process",
        delivery_id: body.delivery_id,
        integration_id: integration.id,
        event: "issues.opened",
        text: "Charged twice\n\nMy card was billed twice for March",
        target: { kind: "github_issue", owner: "Codertocat", repo: "Hello-World", number: 7 },
      },
    ]);
    const deliveries = await apiJson(`/v1/integrations/${integration.id}/deliveries`);
    expect(deliveries.body.data).toEqual([
      expect.objectContaining({ id: body.delivery_id, external_id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", event: "issues.opened", status: "queued", decisions: [], outputs: [] }),
    ]);
  });

  it("reads comments and pull requests, and ignores its own comments and bots", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    expect((await sendGithub(integration.id, "issue_comment", issueCommentCreated("Still broken after the update"), { secret: GITHUB_SECRET, bindings })).status).toBe(202);
    expect((await sendGithub(integration.id, "pull_request", pullRequestOpened("Fix login", "Fixes the SSO redirect loop"), { secret: GITHUB_SECRET, bindings })).status).toBe(202);
    expect(queue.take().map((m) => [m.event, m.text, m.target.number])).toEqual([
      ["issue_comment.created", "Still broken after the update", 1],
      ["pull_request.opened", "Fix login\n\nFixes the SSO redirect loop", 2],
    ]);

    const own = await sendGithub(integration.id, "issue_comment", issueCommentCreated(`${COMMENT_MARKER}\n**Summary**`), { secret: GITHUB_SECRET, bindings });
    const bot = await sendGithub(integration.id, "issue_comment", issueCommentCreated("beep", 1, "Bot"), { secret: GITHUB_SECRET, bindings });
    const closed = await sendGithub(integration.id, "issues", { ...issuesOpened("x", "y"), action: "closed" }, { secret: GITHUB_SECRET, bindings });
    for (const response of [own, bot, closed]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ignored" });
    }
    expect(queue.sent).toHaveLength(0);
  });

  it("answers ping without recording anything", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const response = await sendGithub(integration.id, "ping", ping, { secret: GITHUB_SECRET, bindings: { DELIVERIES: queue.binding } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, zen: "Keep it logically awesome.", hook_id: 109948940 });
    expect(queue.sent).toHaveLength(0);
    expect((await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data).toHaveLength(0);
  });

  it("accepts the form-encoded content type too", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const body = new URLSearchParams({ payload: JSON.stringify(issuesOpened("Form", "encoded")) }).toString();
    const response = await inbound(
      `/hooks/github/${integration.id}`,
      body,
      { "content-type": "application/x-www-form-urlencoded", "x-github-event": "issues", "x-github-delivery": crypto.randomUUID(), "x-hub-signature-256": await githubSignature(GITHUB_SECRET, body) },
      { DELIVERIES: queue.binding },
    );
    expect(response.status).toBe(202);
    expect(queue.sent[0]).toMatchObject({ text: "Form\n\nencoded" });
  });
});

describe("inbound security", () => {
  it("401 for a missing, malformed or wrong signature, with the shared error shape, and nothing queued", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const payload = issuesOpened("t", "b");
    for (const signature of ["", "sha256=zz", await githubSignature("wrong secret", JSON.stringify(payload)), (await githubSignature(GITHUB_SECRET, JSON.stringify(payload))).replace(/.$/, "0")]) {
      const response = await sendGithub(integration.id, "issues", payload, { secret: GITHUB_SECRET, signature, bindings });
      expect(response.status).toBe(401);
      const body: any = await response.json();
      expect(body.error).toMatchObject({ code: "unauthorized", message: expect.any(String), request_id: expect.any(String) });
    }
    expect(queue.sent).toHaveLength(0);
  });

  it("401 for a Slack or Standard Webhooks timestamp more than five minutes old, even correctly signed", async () => {
    const task = await createTask();
    const slack = await createIntegration({ kind: "slack", secret: SLACK_SECRET, events: { message: { classify: task.id } } });
    const secret = newWhsec();
    const standard = await createIntegration({ kind: "standard", secret, text_pointer: "/data/text", events: { "*": { classify: task.id } } });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const slackResponse = await sendSlack(slack.id, JSON.stringify(slackMessage("hi", "Ev1")), { secret: SLACK_SECRET, timestamp: old, bindings });
    expect(slackResponse.status).toBe(401);
    expect(((await slackResponse.json()) as any).error.details).toEqual({ reason: "stale_timestamp" });
    const standardResponse = await sendStandard(standard.id, { type: "t", data: { text: "hi" } }, { secret, timestamp: old, bindings });
    expect(standardResponse.status).toBe(401);
    expect(queue.sent).toHaveLength(0);
  });

  it("404 for an unknown integration or one of another kind; 413 for an oversized body", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const payload = issuesOpened("t", "b");
    const unknown = await sendGithub("int_01JUNKJUNKJUNKJUNKJUNKJUNK", "issues", payload, { secret: GITHUB_SECRET, bindings: { DELIVERIES: queue.binding } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe("not_found");
    const wrongKind = await sendStandard(integration.id, payload, { secret: newWhsec(), bindings: { DELIVERIES: queue.binding } });
    expect(wrongKind.status).toBe(404);

    const huge = JSON.stringify(issuesOpened("big", "x".repeat(1024 * 1024 + 10)));
    const tooLarge = await inbound(
      `/hooks/github/${integration.id}`,
      huge,
      { "x-github-event": "issues", "x-github-delivery": crypto.randomUUID(), "x-hub-signature-256": await githubSignature(GITHUB_SECRET, huge) },
      { DELIVERIES: queue.binding },
    );
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as any).error.code).toBe("payload_too_large");
    expect(queue.sent).toHaveLength(0);
  });

  it("a wrong signature costs one HMAC per configured secret, however many signatures it lists, and no payload is read", async () => {
    const task = await createTask();
    const secrets = [newWhsec(), newWhsec(), newWhsec()];
    const integration = await createIntegration({ kind: "standard", secrets, text_pointer: "/data/text", events: { "*": { classify: task.id } } });
    const queue = recordingQueue();
    const wrong = Array.from({ length: 10 }, () => `v1,${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`).join(" ");
    const sign = vi.spyOn(crypto.subtle, "sign");
    const verify = vi.spyOn(crypto.subtle, "verify");
    const parse = vi.spyOn(JSON, "parse");
    // Not even JSON: a payload would answer 400 if it were read before the signature.
    const response = await sendStandard(integration.id, "{not json" as unknown as object, { secret: secrets[0], signature: wrong, bindings: { DELIVERIES: queue.binding } });
    expect(response.status).toBe(401);
    expect(sign.mock.calls.filter(([algorithm]) => algorithm === "HMAC")).toHaveLength(secrets.length);
    expect(verify).not.toHaveBeenCalled();
    expect(parse.mock.calls.some(([text]) => String(text).includes("{not json"))).toBe(false);
    expect(queue.sent).toHaveLength(0);
  });

  it("a deleted integration's inbound URL answers 404", async () => {
    const integration = await githubIntegration();
    expect((await api(`/v1/integrations/${integration.id}`, { method: "DELETE" })).status).toBe(204);
    const response = await sendGithub(integration.id, "issues", issuesOpened("t", "b"), { secret: GITHUB_SECRET, bindings: { DELIVERIES: recordingQueue().binding } });
    expect(response.status).toBe(404);
  });
});

describe("each delivery is recorded once", () => {
  it("five concurrent copies of one delivery: one record, one queued message, and a 2xx for every copy", async () => {
    const integration = await githubIntegration();
    const queue = recordingQueue();
    const payload = issuesOpened("Double charge", "charged twice");
    const delivery = crypto.randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => sendGithub(integration.id, "issues", payload, { secret: GITHUB_SECRET, delivery, bindings: { DELIVERIES: queue.binding } })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s >= 200 && s < 300), String(statuses)).toBe(true);
    const bodies: any[] = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.delivery_id)).size).toBe(1);
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(queue.sent).toHaveLength(1);
    expect((await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data).toHaveLength(1);
  });

  it("when the enqueue fails: 503, nothing recorded, and the sender's retry is accepted", async () => {
    const task = await createTask();
    const secret = newWhsec();
    const integration = await createIntegration({ kind: "standard", secret, text_pointer: "/data/text", events: { "*": { classify: task.id } } });
    const queue = recordingQueue();
    queue.failNext();
    const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    const payload = { type: "ticket.created", timestamp: "2026-11-27T10:00:00Z", data: { text: "refund my invoice" } };
    const first = await sendStandard(integration.id, payload, { secret, id, bindings: { DELIVERIES: queue.binding } });
    expect(first.status).toBe(503);
    expect(Number(first.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await first.json()) as any).error.code).toBe("unavailable");
    expect((await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data).toHaveLength(0);

    const retry = await sendStandard(integration.id, payload, { secret, id, bindings: { DELIVERIES: queue.binding } });
    expect(retry.status).toBe(202);
    expect(queue.sent).toEqual([expect.objectContaining({ event: "ticket.created", text: "refund my invoice", target: null })]);
  });
});

describe("POST /hooks/slack/:id", () => {
  async function slackIntegration() {
    const task = await createTask();
    return createIntegration({ kind: "slack", secret: SLACK_SECRET, events: { message: { classify: task.id }, slash_command: { classify: task.id } }, outputs: { slack: { bot_token: "xoxb-test-token-1234567890" } } });
  }

  it("answers the url_verification challenge", async () => {
    const integration = await slackIntegration();
    const response = await sendSlack(integration.id, JSON.stringify(slackUrlVerification), { secret: SLACK_SECRET, bindings: { DELIVERIES: recordingQueue().binding } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: slackUrlVerification.challenge });
  });

  it("queues a channel message with its thread, dedupes Slack's retries on event_id, and ignores bot messages and edits", async () => {
    const integration = await slackIntegration();
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const message = JSON.stringify(slackMessage("I cannot log in to my account", "Ev0PV52K21"));
    const started = Date.now();
    const first = await sendSlack(integration.id, message, { secret: SLACK_SECRET, bindings });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(first.status).toBe(202);
    const retry = await sendSlack(integration.id, message, { secret: SLACK_SECRET, bindings });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ duplicate: true });
    expect(queue.sent).toEqual([
      expect.objectContaining({ event: "message", text: "I cannot log in to my account", target: { kind: "slack_thread", channel: "C2147483705", thread_ts: "1355517523.000005" } }),
    ]);
    for (const extra of [{ bot_id: "B123" }, { subtype: "message_changed" }]) {
      const response = await sendSlack(integration.id, JSON.stringify(slackMessage("beep", `Ev${crypto.randomUUID()}`, extra)), { secret: SLACK_SECRET, bindings });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ignored" });
    }
    expect(queue.sent).toHaveLength(1);
  });

  it("acknowledges a slash command at once and queues it with its response_url", async () => {
    const integration = await slackIntegration();
    const queue = recordingQueue();
    const body = new URLSearchParams({
      token: "gIkuvaNzQIHg97ATvDxqgjtO",
      team_id: "T0001",
      channel_id: "C2147483705",
      user_id: "U2147483697",
      command: "/triage",
      text: "refund my last invoice",
      response_url: "https://hooks.slack.com/commands/1234/5678",
      trigger_id: "13345224609.738474920.8088930838d88f008e0",
    }).toString();
    const response = await sendSlack(integration.id, body, { secret: SLACK_SECRET, contentType: "application/x-www-form-urlencoded", bindings: { DELIVERIES: queue.binding } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    expect(queue.sent).toEqual([
      expect.objectContaining({ event: "slash_command", text: "refund my last invoice", target: { kind: "slack_response_url", response_url: "https://hooks.slack.com/commands/1234/5678" } }),
    ]);
  });
});

describe("POST /hooks/standard/:id", () => {
  it("takes the text from the JSON pointer and the event from `type`; an unmapped type is ignored", async () => {
    const task = await createTask();
    const secret = newWhsec();
    const integration = await createIntegration({ kind: "standard", secret, text_pointer: "/data/messages/0/body", events: { "ticket.created": { classify: task.id } } });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const accepted = await sendStandard(integration.id, { type: "ticket.created", data: { messages: [{ body: "app crashes on save" }] } }, { secret, bindings });
    expect(accepted.status).toBe(202);
    expect(queue.sent).toEqual([expect.objectContaining({ event: "ticket.created", text: "app crashes on save" })]);
    const unmapped = await sendStandard(integration.id, { type: "ticket.closed", data: { messages: [{ body: "x" }] } }, { secret, bindings });
    expect(unmapped.status).toBe(200);
    expect(await unmapped.json()).toMatchObject({ status: "ignored" });
    const noText = await sendStandard(integration.id, { type: "ticket.created", data: {} }, { secret, bindings });
    expect(noText.status).toBe(400);
    expect(queue.sent).toHaveLength(1);
  });

  it("accepts a signature from either secret during a rotation", async () => {
    const task = await createTask();
    const [oldSecret, newSecret] = [newWhsec(), newWhsec()];
    const integration = await createIntegration({ kind: "standard", secrets: [newSecret, oldSecret], text_pointer: "/text", events: { "*": { classify: task.id } } });
    const queue = recordingQueue();
    const id = "msg_rotation";
    const ts = nowSeconds();
    const body = JSON.stringify({ text: "hello" });
    const signature = `${await standardSignature(oldSecret, id, ts, body)}`;
    const response = await inbound(`/hooks/standard/${integration.id}`, body, { "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": signature }, { DELIVERIES: queue.binding });
    expect(response.status).toBe(202);
  });
});

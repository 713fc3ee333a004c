import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { DELIVERIES_DEAD_LETTER_QUEUE, DELIVERIES_QUEUE } from "../../src/deliveries/messages.ts";
import { secondsToUtcMidnight } from "../../src/budget/day.ts";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { createTask, createTrainedTask, uniqueName } from "../support/tasks.ts";
import { issuesOpened } from "../support/webhook-payloads.ts";
import { consume, createIntegration, drain, recordingQueue, sendGithub } from "../support/webhook-senders.ts";
import { githubCommentResponse, githubLabelsResponse, outboundDouble } from "../support/webhook-receivers.ts";
import { COMMENT_MARKER } from "../../src/deliveries/github/events.ts";

afterEach(() => vi.restoreAllMocks());

const SECRET = "It's a Secret to Everybody";
const TOKEN = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
const ISSUE_TEXT = "I was charged twice this month, please refund the invoice. My credit card was billed the wrong amount on the statement.";

async function decisionsOf(deliveryId: string) {
  const { results } = await env.DB.prepare("SELECT id, kind, source, output, status FROM decisions WHERE delivery_id = ? ORDER BY id").bind(deliveryId).all<any>();
  return results;
}

async function deliveryRow(id: string) {
  return (await env.DB.prepare("SELECT external_id, body_digest FROM webhook_deliveries WHERE id = ?").bind(id).first<any>())!;
}

async function triageIntegration(outputs?: Record<string, unknown>) {
  const classify = await createTrainedTask({ threshold: 0.3 });
  const summarize = await createTask({ name: uniqueName("sum"), kind: "summarize", labels: [] });
  const integration = await createIntegration({
    kind: "github",
    secret: SECRET,
    events: { "issues.opened": { classify: classify.id, summarize: summarize.id } },
    ...(outputs && { outputs }),
  });
  return { classify, summarize, integration };
}

describe("queue consumer: a delivery through the cascade", () => {
  it("classifies and summarizes a new issue, links the decisions to the delivery, labels the issue and posts the summary", async () => {
    const { classify, summarize, integration } = await triageIntegration({ github: { token: TOKEN, label: true, comment: true } });
    const github = outboundDouble({
      "https://api.github.com/repos/Codertocat/Hello-World/issues/7/labels": (r) => githubLabelsResponse(r.json.labels),
      "https://api.github.com/repos/Codertocat/Hello-World/issues/7/comments": (r) => githubCommentResponse(r.json.body, 7),
    });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const accepted: any = await (await sendGithub(integration.id, "issues", issuesOpened("Double charge", ISSUE_TEXT, 7), { secret: SECRET, bindings })).json();

    const consumed = await drain(queue, bindings);
    expect(consumed.map((c) => c.body.type)).toEqual(["webhook.process", "webhook.output", "webhook.output"]);
    for (const { result } of consumed) expect(result.explicitAcks).toHaveLength(1);

    const decisions = await decisionsOf(accepted.delivery_id);
    expect(decisions.map((d: any) => [d.kind, d.source])).toEqual([["classify", "webhook"], ["summarize", "webhook"]]);
    expect(decisions[0].output).toBe("billing");

    const labels = github.to("https://api.github.com/repos/Codertocat/Hello-World/issues/7/labels");
    expect(labels).toHaveLength(1);
    expect(labels[0].method).toBe("POST");
    expect(labels[0].json).toEqual({ labels: ["billing"] });
    expect(labels[0].headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(labels[0].headers.get("accept")).toBe("application/vnd.github+json");
    expect(labels[0].headers.get("x-github-api-version")).toBe("2022-11-28");
    expect(labels[0].headers.get("user-agent")).toBeTruthy();
    const comments = github.to("https://api.github.com/repos/Codertocat/Hello-World/issues/7/comments");
    expect(comments).toHaveLength(1);
    expect(comments[0].json.body).toContain(COMMENT_MARKER);
    expect(comments[0].json.body).toContain("**Summary**");
    expect(comments[0].json.body).toMatch(/charged twice|refund/i);

    const listed = (await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data[0];
    expect(listed).toMatchObject({ id: accepted.delivery_id, status: "processed", attempts: 1, error: null });
    expect(listed.decisions).toEqual([
      expect.objectContaining({ kind: "classify", task_id: classify.id, output: "billing" }),
      expect.objectContaining({ kind: "summarize", task_id: summarize.id }),
    ]);
    expect(listed.outputs).toEqual([
      expect.objectContaining({ kind: "github_label", status: "sent", attempts: 1, last_status: 200 }),
      expect.objectContaining({ kind: "github_comment", status: "sent", attempts: 1, last_status: 201 }),
    ]);
  });

  it("five concurrent copies of one delivery end with exactly one set of decisions and one label", async () => {
    const { integration } = await triageIntegration({ github: { token: TOKEN, label: true, comment: false } });
    const github = outboundDouble({ "https://api.github.com/": (r) => githubLabelsResponse(r.json.labels) });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const delivery = crypto.randomUUID();
    const payload = issuesOpened("Double charge", ISSUE_TEXT, 9);
    const responses = await Promise.all(Array.from({ length: 5 }, () => sendGithub(integration.id, "issues", payload, { secret: SECRET, delivery, bindings })));
    expect(responses.map((r) => r.status).every((s) => s === 200 || s === 202)).toBe(true);
    const [{ delivery_id }] = (await Promise.all(responses.map((r) => r.json()))) as any[];
    await drain(queue, bindings);
    expect(await decisionsOf(delivery_id)).toHaveLength(2);
    expect(github.requests).toHaveLength(1);
  });

  it("a captured GitHub body replayed under new delivery ids is a duplicate: processed once, one label and one comment", async () => {
    const { integration } = await triageIntegration({ github: { token: TOKEN, label: true, comment: true } });
    const github = outboundDouble({
      "https://api.github.com/repos/Codertocat/Hello-World/issues/11/labels": (r) => githubLabelsResponse(r.json.labels),
      "https://api.github.com/repos/Codertocat/Hello-World/issues/11/comments": (r) => githubCommentResponse(r.json.body, 11),
    });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const payload = issuesOpened("Double charge", ISSUE_TEXT, 11);
    const first = await sendGithub(integration.id, "issues", payload, { secret: SECRET, delivery: crypto.randomUUID(), bindings });
    expect(first.status).toBe(202);
    const accepted: any = await first.json();
    await drain(queue, bindings);

    // The same signed bytes under fresh X-GitHub-Delivery ids: the first delivery's answer.
    for (let copy = 0; copy < 2; copy++) {
      const replay = await sendGithub(integration.id, "issues", payload, { secret: SECRET, delivery: crypto.randomUUID(), bindings });
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ delivery_id: accepted.delivery_id, status: "processed", duplicate: true });
    }
    // GitHub's own redelivery (the same id) stays a duplicate too.
    const redelivery = await sendGithub(integration.id, "issues", payload, { secret: SECRET, delivery: (await deliveryRow(accepted.delivery_id)).external_id, bindings });
    expect(await redelivery.json()).toMatchObject({ delivery_id: accepted.delivery_id, duplicate: true });
    expect(queue.sent).toHaveLength(0);

    expect(await decisionsOf(accepted.delivery_id)).toHaveLength(2);
    expect((await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data).toHaveLength(1);
    expect(github.requests.map((r) => new URL(r.url).pathname).sort()).toEqual([
      "/repos/Codertocat/Hello-World/issues/11/comments",
      "/repos/Codertocat/Hello-World/issues/11/labels",
    ]);
    const row = await deliveryRow(accepted.delivery_id);
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(payload))))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(row.body_digest).toBe(digest);

    // Another body is a new delivery; the same body at another integration is its own.
    const other = await sendGithub(integration.id, "issues", issuesOpened("Double charge", `${ISSUE_TEXT} Again.`, 11), { secret: SECRET, bindings });
    expect(other.status).toBe(202);
    const { integration: second } = await triageIntegration();
    expect((await sendGithub(second.id, "issues", payload, { secret: SECRET, bindings })).status).toBe(202);
  });

  it("a redelivered message (at-least-once) reuses the recorded decisions and sends nothing twice", async () => {
    const { integration } = await triageIntegration({ github: { token: TOKEN, label: true, comment: false } });
    const github = outboundDouble({ "https://api.github.com/": (r) => githubLabelsResponse(r.json.labels) });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const accepted: any = await (await sendGithub(integration.id, "issues", issuesOpened("Double charge", ISSUE_TEXT, 3), { secret: SECRET, bindings })).json();
    const [processMessage] = queue.take();
    await consume(processMessage, { bindings });
    const [output] = queue.take();
    await consume(output, { bindings });
    const before = await decisionsOf(accepted.delivery_id);

    // The queue delivers both again, as it may after a lost ack.
    expect((await consume(processMessage, { attempts: 2, bindings })).explicitAcks).toHaveLength(1);
    expect(queue.sent).toHaveLength(0);
    expect((await consume(output, { attempts: 2, bindings })).explicitAcks).toHaveLength(1);
    expect(await decisionsOf(accepted.delivery_id)).toEqual(before);
    expect(github.requests).toHaveLength(1);
  });

  it("a crash after the decisions were recorded: the retry reuses them instead of running the cascade again", async () => {
    const { integration } = await triageIntegration();
    const queue = recordingQueue();
    const accepted: any = await (await sendGithub(integration.id, "issues", issuesOpened("Double charge", ISSUE_TEXT), { secret: SECRET, bindings: { DELIVERIES: queue.binding } })).json();
    const [message] = queue.take();
    // The first attempt records its decisions, then cannot queue its outputs (a callback is configured below).
    await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", body: { outputs: { callback: { url: "https://receiver.example.com/cb", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" } } } });
    queue.failNext();
    const first = await consume(message, { bindings: { DELIVERIES: queue.binding } });
    expect(first.retryMessages).toHaveLength(1);
    const recorded = await decisionsOf(accepted.delivery_id);
    expect(recorded).toHaveLength(2);
    const second = await consume(message, { attempts: 2, bindings: { DELIVERIES: queue.binding } });
    expect(second.explicitAcks).toHaveLength(1);
    expect(await decisionsOf(accepted.delivery_id)).toEqual(recorded);
    expect(queue.sent).toEqual([expect.objectContaining({ type: "webhook.output", output: "callback" })]);
  });
});

describe("queue consumer: failures", () => {
  it("retries a delivery no tier could answer with growing backoff, then the dead-letter queue marks it failed with the reason", async () => {
    // No trained model and no large model: every attempt records a failed decision.
    const task = await createTask();
    const integration = await createIntegration({ kind: "github", secret: SECRET, events: { "issues.opened": { classify: task.id } } });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const accepted: any = await (await sendGithub(integration.id, "issues", issuesOpened("Help", "something odd"), { secret: SECRET, bindings })).json();
    const [message] = queue.take();

    const delays: number[] = [];
    for (const attempts of [1, 2, 3]) {
      const result = await consume(message, { attempts, bindings });
      expect(result.explicitAcks).toHaveLength(0);
      expect(result.retryMessages).toHaveLength(1);
      delays.push(result.retryDelays[0]!);
    }
    // 10 s, 30 s, 120 s, each ±20%.
    expect(delays[0]).toBeGreaterThanOrEqual(8);
    expect(delays[0]).toBeLessThanOrEqual(12);
    expect(delays[1]).toBeGreaterThanOrEqual(24);
    expect(delays[2]).toBeGreaterThanOrEqual(96);
    const retrying = (await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data[0];
    expect(retrying).toMatchObject({ status: "retrying", attempts: 3, error: expect.stringContaining("No tier could answer") });
    expect(retrying.decisions.every((d: any) => d.status === "failed")).toBe(true);

    // After max_retries the queue moves the message to the dead-letter queue.
    const dead = await consume(message, { dead: true, bindings });
    expect(dead.explicitAcks).toHaveLength(1);
    const failed = (await apiJson(`/v1/integrations/${integration.id}/deliveries?status=failed`)).body.data;
    expect(failed).toEqual([expect.objectContaining({ id: accepted.delivery_id, status: "failed", error: expect.stringMatching(/^gave up after 3 attempts: No tier could answer/) })]);
  });

  it("waits for the next UTC midnight when the daily budget skipped the large model and there is no edge answer", async () => {
    // No trained model, and a large model the task's spent budget does not let it call.
    const task = await createTask({ settings: { daily_budget_usd: 0 } });
    const integration = await createIntegration({ kind: "github", secret: SECRET, events: { "issues.opened": { classify: task.id } } });
    const double = openAiDouble(answer("billing"));
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding, ...OPENAI_ENV };
    await sendGithub(integration.id, "issues", issuesOpened("Help", "something odd"), { secret: SECRET, bindings });
    const [message] = queue.take();

    const result = await consume(message, { attempts: 1, bindings });
    expect(result.explicitAcks).toHaveLength(0);
    expect(result.retryMessages).toHaveLength(1);
    expect(double.requests).toHaveLength(0);
    // Not the schedule's 10 s: until midnight and up to 10 minutes after it, or the queue's 12 h cap when midnight is further.
    const midnight = secondsToUtcMidnight(Date.now());
    const cap = 12 * 60 * 60;
    expect(result.retryDelays[0]!).toBeGreaterThanOrEqual(Math.min(midnight, cap) - 5);
    expect(result.retryDelays[0]!).toBeLessThanOrEqual(Math.min(midnight + 600, cap));
    const retrying = (await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data[0];
    expect(retrying).toMatchObject({ status: "retrying", attempts: 1, error: expect.stringContaining("daily budget is spent") });
    expect(retrying.decisions).toEqual([expect.objectContaining({ status: "failed", error: expect.objectContaining({ code: "budget_exhausted" }) })]);
  });

  it("a delivery already processed is not marked failed by a late dead letter", async () => {
    const { integration } = await triageIntegration();
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    const accepted: any = await (await sendGithub(integration.id, "issues", issuesOpened("Double charge", ISSUE_TEXT), { secret: SECRET, bindings })).json();
    const [message] = queue.take();
    await consume(message, { bindings });
    await consume(message, { dead: true, bindings });
    expect((await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data[0]).toMatchObject({ id: accepted.delivery_id, status: "processed" });
  });

  it("a broken configuration in the deliveries consumer and its dead-letter consumer: nothing acked or dropped, every message retried later", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { integration } = await triageIntegration();
    const queue = recordingQueue();
    const accepted: any = await (await sendGithub(integration.id, "issues", issuesOpened("Double charge", ISSUE_TEXT), { secret: SECRET, bindings: { DELIVERIES: queue.binding } })).json();
    const [message] = queue.take();
    for (const dead of [false, true]) {
      const batch = createMessageBatch(dead ? DELIVERIES_DEAD_LETTER_QUEUE : DELIVERIES_QUEUE, [
        { id: `cfg-${dead}-1`, timestamp: new Date(), attempts: 9, body: message },
        { id: `cfg-${dead}-2`, timestamp: new Date(), attempts: 1, body: { type: "webhook.output", delivery_id: accepted.delivery_id, integration_id: integration.id, output: "callback", target: null, result: { event: "issues.opened", classification: null, summary: null } } },
      ]);
      const retryAll = vi.spyOn(batch, "retryAll");
      const ctx = createExecutionContext();
      await (worker as ExportedHandler<Env>).queue!(batch, { ...env, DELIVERIES: queue.binding, API_KEY_HASHES: "not-a-digest" } as Env, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.ackAll).toBe(false);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryBatch.retry || result.retryMessages.length === 2).toBe(true);
      const delays = [...retryAll.mock.calls.map(([options]) => options?.delaySeconds), ...result.retryMessages.map((m: any) => m.delaySeconds)];
      expect(delays.length).toBeGreaterThan(0);
      for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(60);
    }
    expect(errors.mock.calls.flat().join(" ")).toMatch(/API_KEY_HASHES/);
    // Not processed, not failed: the delivery waits for a working deployment.
    expect((await apiJson(`/v1/integrations/${integration.id}/deliveries`)).body.data[0]).toMatchObject({ id: accepted.delivery_id, status: "queued", attempts: 0 });
    expect(await decisionsOf(accepted.delivery_id)).toEqual([]);
  });

  it("drops a malformed message instead of retrying it forever", async () => {
    const result = await consume({ type: "webhook.unknown" }, { bindings: { DELIVERIES: recordingQueue().binding } });
    expect(result.explicitAcks).toHaveLength(1);
  });
});

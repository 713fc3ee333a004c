import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { createTrainedTask } from "../support/tasks.ts";
import { issuesOpened, slackMessage } from "../support/webhook-payloads.ts";
import { githubError, githubLabelsResponse, outboundDouble, slackFailure, slackPosted, type RecordedRequest } from "../support/webhook-receivers.ts";
import { consume, createIntegration, recordingQueue, sendGithub, sendSlack, sendStandard } from "../support/webhook-senders.ts";
import { newWhsec, standardSignature } from "../support/webhook-signing.ts";
import { DELIVERY_RETRY_SCHEDULE_SECONDS } from "../../src/time/backoff.ts";

/** Attempts in all: the first and one per step of the schedule (`max_retries` of the deliveries queue). */
const MAX_DELIVERY_ATTEMPTS = DELIVERY_RETRY_SCHEDULE_SECONDS.length + 1;

afterEach(() => vi.restoreAllMocks());

const RECEIVER = "https://receiver.example.com/edge-cascade";
const TEXT = "I was charged twice this month, please refund the invoice";

/** A Standard Webhooks integration with a signed callback, a queued delivery, and its processed output message. */
async function callbackSetup() {
  const task = await createTrainedTask({ threshold: 0.3 });
  const inboundSecret = newWhsec();
  const callbackSecret = newWhsec();
  const integration = await createIntegration({
    kind: "standard",
    secret: inboundSecret,
    text_pointer: "/data/text",
    events: { "ticket.created": { classify: task.id } },
    outputs: { callback: { url: RECEIVER, secret: callbackSecret } },
  });
  const queue = recordingQueue();
  const bindings = { DELIVERIES: queue.binding };
  const response = await sendStandard(integration.id, { type: "ticket.created", timestamp: "2026-11-27T10:00:00Z", data: { text: TEXT } }, { secret: inboundSecret, id: "msg_inbound_1", bindings });
  const accepted: any = await response.json();
  const [processMessage] = queue.take();
  expect((await consume(processMessage, { bindings })).explicitAcks).toHaveLength(1);
  const [output] = queue.take();
  expect(output).toMatchObject({ type: "webhook.output", output: "callback" });
  return { task, integration, callbackSecret, bindings, output, deliveryId: accepted.delivery_id as string };
}

async function verifies(request: RecordedRequest, secret: string): Promise<boolean> {
  const id = request.headers.get("webhook-id")!;
  const ts = request.headers.get("webhook-timestamp")!;
  return request.headers.get("webhook-signature") === (await standardSignature(secret, id, ts, request.body));
}

const deliveries = async (integrationId: string) => (await apiJson(`/v1/integrations/${integrationId}/deliveries`)).body.data;

describe("signed callbacks", () => {
  it("POSTs the result signed with the integration's own secret (Standard Webhooks)", async () => {
    const { integration, callbackSecret, bindings, output, deliveryId, task } = await callbackSetup();
    const receiver = outboundDouble({ [RECEIVER]: () => new Response(null, { status: 204 }) });
    expect((await consume(output, { bindings })).explicitAcks).toHaveLength(1);

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await verifies(request, callbackSecret)).toBe(true);
    expect(await verifies(request, newWhsec())).toBe(false);
    expect(Math.abs(Number(request.headers.get("webhook-timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    expect(request.json).toMatchObject({
      type: "delivery.processed",
      data: {
        integration_id: integration.id,
        delivery_id: deliveryId,
        external_id: "msg_inbound_1",
        event: "ticket.created",
        classification: { task_id: task.id, output: "billing", status: "ok", decision_id: expect.stringMatching(/^dec_/) },
        summary: null,
      },
    });
    expect((await deliveries(integration.id))[0].outputs).toEqual([expect.objectContaining({ kind: "callback", status: "sent", attempts: 1, last_status: 204 })]);
    // The callback carries the decision in the one decision JSON form, as the log shows it.
    const logged = (await apiJson(`/v1/decisions/${request.json.data.classification.decision_id}`)).body;
    expect(request.json.data.classification).toEqual(logged);
    expect((await deliveries(integration.id))[0].decisions).toEqual([logged]);
  });

  it("a receiver that fails k times still ends with exactly one accepted delivery, every attempt with the same webhook-id", async () => {
    const { integration, callbackSecret, bindings, output } = await callbackSetup();
    const failures = [
      () => new Response("upstream down", { status: 502 }),
      () => Promise.reject(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
      () => new Response("slow down", { status: 503, headers: { "retry-after": "600" } }),
      () => new Response("nope", { status: 500 }),
    ];
    const accepted: string[] = [];
    const receiver = outboundDouble({
      [RECEIVER]: async (request, i) => {
        if (i < failures.length) return failures[i]();
        accepted.push(request.headers.get("webhook-id")!);
        return new Response("ok", { status: 200 });
      },
    });

    const delays: (number | undefined)[] = [];
    for (let attempts = 1; attempts <= failures.length; attempts++) {
      const result = await consume(output, { attempts, bindings });
      expect(result.retryMessages).toHaveLength(1);
      delays.push(result.retryDelays[0]);
    }
    const done = await consume(output, { attempts: failures.length + 1, bindings });
    expect(done.explicitAcks).toHaveLength(1);
    // Redelivered after success (a lost ack): the receiver is not called again.
    expect((await consume(output, { attempts: failures.length + 2, bindings })).explicitAcks).toHaveLength(1);

    expect(accepted).toHaveLength(1);
    expect(receiver.requests).toHaveLength(failures.length + 1);
    expect(new Set(receiver.requests.map((r) => r.headers.get("webhook-id"))).size).toBe(1);
    for (const request of receiver.requests) expect(await verifies(request, callbackSecret)).toBe(true);
    // 10 s and 30 s with ±20% jitter; Retry-After: 600 beats the 120 s step; then the 600 s step.
    expect(delays[0]).toBeGreaterThanOrEqual(8);
    expect(delays[0]).toBeLessThanOrEqual(12);
    expect(delays[1]).toBeGreaterThanOrEqual(24);
    expect(delays[1]).toBeLessThanOrEqual(36);
    expect(delays[2]).toBe(600);
    expect(delays[3]).toBeGreaterThanOrEqual(480);
    const [delivery] = await deliveries(integration.id);
    expect(delivery.outputs).toEqual([expect.objectContaining({ kind: "callback", status: "sent", attempts: failures.length + 1, last_status: 200, error: null })]);
    expect(delivery.status).toBe("processed");
  });

  it("410 Gone disables the callback: no retry, and later deliveries do not call it", async () => {
    const { integration, bindings, output } = await callbackSetup();
    const receiver = outboundDouble({ [RECEIVER]: () => new Response("gone", { status: 410 }) });
    const result = await consume(output, { bindings });
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
    const shown = (await apiJson(`/v1/integrations/${integration.id}`)).body.outputs.callback;
    expect(shown).toMatchObject({ url: RECEIVER, disabled_at: expect.any(String), disabled_reason: expect.stringContaining("410") });
    expect((await deliveries(integration.id))[0].outputs[0]).toMatchObject({ status: "disabled", last_status: 410 });

    // Setting the URL again re-enables it.
    const reenabled = await apiJson(`/v1/integrations/${integration.id}`, { method: "PATCH", body: { outputs: { callback: { url: RECEIVER } } } });
    expect(reenabled.body.outputs.callback.disabled_at).toBeNull();
    expect(receiver.requests).toHaveLength(1);
  });

  it("after the whole schedule the message is dead-lettered and the delivery is marked failed with the last error", async () => {
    const { integration, bindings, output } = await callbackSetup();
    outboundDouble({ [RECEIVER]: () => new Response("still broken", { status: 500 }) });
    for (let attempts = 1; attempts <= MAX_DELIVERY_ATTEMPTS; attempts++) {
      // The consumer asks for a retry every time; after max_retries the queue moves the message on.
      expect((await consume(output, { attempts, bindings })).retryMessages).toHaveLength(1);
    }
    expect((await consume(output, { dead: true, bindings })).explicitAcks).toHaveLength(1);
    const [delivery] = (await apiJson(`/v1/integrations/${integration.id}/deliveries?status=failed`)).body.data;
    expect(delivery.error).toBe(`callback: gave up after ${MAX_DELIVERY_ATTEMPTS} attempts: HTTP 500: still broken`);
    expect(delivery.outputs[0]).toMatchObject({ kind: "callback", status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, last_status: 500 });
    expect(delivery.decisions).toHaveLength(1);
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    const { bindings, output, integration } = await callbackSetup();
    const receiver = outboundDouble({ [RECEIVER]: () => new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } }) });
    const result = await consume(output, { bindings });
    expect(result.retryMessages).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].redirect).toBe("manual");
    expect((await deliveries(integration.id))[0].outputs[0]).toMatchObject({ status: "retrying", last_status: 302 });
  });
});

describe("GitHub API output", () => {
  async function githubSetup() {
    const task = await createTrainedTask({ threshold: 0.3 });
    const integration = await createIntegration({
      kind: "github",
      secret: "webhook-secret-value",
      events: { "issues.opened": { classify: task.id } },
      outputs: { github: { token: "ghp_16C7e42F292c6912E7710c838347Ae178B4a", label: true } },
    });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    await sendGithub(integration.id, "issues", issuesOpened("Refund", TEXT, 12), { secret: "webhook-secret-value", bindings });
    await consume(queue.take()[0], { bindings });
    const [output] = queue.take();
    return { integration, bindings, output };
  }

  it("a 404 (no such issue or no access) fails the output at once with GitHub's message", async () => {
    const { integration, bindings, output } = await githubSetup();
    outboundDouble({ "https://api.github.com/": () => githubError(404, "Not Found") });
    const result = await consume(output, { bindings });
    expect(result.explicitAcks).toHaveLength(1);
    const [delivery] = await deliveries(integration.id);
    expect(delivery).toMatchObject({ status: "failed", error: expect.stringContaining("github_label: GitHub answered 404") });
    expect(delivery.outputs[0]).toMatchObject({ kind: "github_label", status: "failed", last_status: 404 });
  });

  it("a spent rate limit waits until x-ratelimit-reset, then the label is added", async () => {
    const { integration, bindings, output } = await githubSetup();
    const reset = Math.floor(Date.now() / 1000) + 900;
    const github = outboundDouble({
      "https://api.github.com/": (r, i) =>
        i === 0
          ? githubError(403, "API rate limit exceeded for user ID 1.", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) })
          : githubLabelsResponse(r.json.labels),
    });
    const first = await consume(output, { bindings });
    expect(first.retryMessages).toHaveLength(1);
    expect(first.retryDelays[0]).toBeGreaterThanOrEqual(895);
    expect(first.retryDelays[0]).toBeLessThanOrEqual(905);
    expect((await consume(output, { attempts: 2, bindings })).explicitAcks).toHaveLength(1);
    expect(github.requests.map((r) => r.url)).toEqual(Array(2).fill("https://api.github.com/repos/Codertocat/Hello-World/issues/12/labels"));
    expect((await deliveries(integration.id))[0].outputs[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("Slack output", () => {
  const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  async function slackSetup(bodyAndType: { body: string; contentType?: string }) {
    const task = await createTrainedTask({ threshold: 0.3 });
    const integration = await createIntegration({
      kind: "slack",
      secret: SLACK_SECRET,
      events: { message: { classify: task.id }, slash_command: { classify: task.id } },
      outputs: { slack: { bot_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", reply: true } },
    });
    const queue = recordingQueue();
    const bindings = { DELIVERIES: queue.binding };
    await sendSlack(integration.id, bodyAndType.body, { secret: SLACK_SECRET, contentType: bodyAndType.contentType, bindings });
    await consume(queue.take()[0], { bindings });
    const [output] = queue.take();
    return { integration, bindings, output };
  }

  it("replies in the message's thread with chat.postMessage", async () => {
    const { integration, bindings, output } = await slackSetup({ body: JSON.stringify(slackMessage(TEXT, "Ev08MFMKH6")) });
    const slack = outboundDouble({ "https://slack.com/api/chat.postMessage": (r) => slackPosted(r.json.channel, r.json.text, r.json.thread_ts) });
    expect((await consume(output, { bindings })).explicitAcks).toHaveLength(1);
    const [request] = slack.requests;
    expect(request.headers.get("authorization")).toBe("Bearer xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy");
    expect(request.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(request.json).toMatchObject({ channel: "C2147483705", thread_ts: "1355517523.000005", text: expect.stringContaining("Label: *billing*") });
    expect((await deliveries(integration.id))[0].outputs[0]).toMatchObject({ kind: "slack_reply", status: "sent" });
  });

  it("treats Slack's `ok: false` as a failure: not_in_channel is permanent, ratelimited is retried after Retry-After", async () => {
    const { integration, bindings, output } = await slackSetup({ body: JSON.stringify(slackMessage(TEXT, "Ev08MFMKH7")) });
    outboundDouble({
      "https://slack.com/api/chat.postMessage": (_, i) =>
        i === 0 ? Response.json({ ok: false, error: "ratelimited" }, { status: 429, headers: { "retry-after": "30" } }) : slackFailure("not_in_channel"),
    });
    const first = await consume(output, { bindings });
    expect(first.retryMessages).toHaveLength(1);
    expect(first.retryDelays[0]).toBe(30);
    const second = await consume(output, { attempts: 2, bindings });
    expect(second.explicitAcks).toHaveLength(1);
    const [delivery] = await deliveries(integration.id);
    expect(delivery).toMatchObject({ status: "failed", error: "slack_reply: chat.postMessage: not_in_channel" });
  });

  it("answers a slash command through its response_url", async () => {
    const body = new URLSearchParams({
      command: "/triage",
      text: TEXT,
      response_url: "https://hooks.slack.com/commands/T0001/1234/abcd",
      trigger_id: `13345224609.738474920.${crypto.randomUUID()}`,
      channel_id: "C2147483705",
      user_id: "U2147483697",
    }).toString();
    const { bindings, output } = await slackSetup({ body, contentType: "application/x-www-form-urlencoded" });
    const slack = outboundDouble({ "https://hooks.slack.com/commands/T0001/1234/abcd": () => new Response("ok", { status: 200 }) });
    expect((await consume(output, { bindings })).explicitAcks).toHaveLength(1);
    expect(slack.requests[0].json).toMatchObject({ response_type: "in_channel", text: expect.stringContaining("billing") });
    expect(slack.requests[0].headers.get("authorization")).toBeNull();
  });
});

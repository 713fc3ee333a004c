import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import worker from "../../src/index.ts";
import type { TestBindings } from "./bindings.ts";
import { DELIVERIES_DEAD_LETTER_QUEUE, DELIVERIES_QUEUE } from "../../src/deliveries/messages.ts";
import { apiJson } from "./api.ts";
import { githubSignature, nowSeconds, slackSignature, standardSignature } from "./webhook-signing.ts";

/** A queue producer that keeps what is sent, and can be told to fail, in place of the DELIVERIES binding. */
export function recordingQueue() {
  const sent: unknown[] = [];
  let failures = 0;
  const queue = {
    async send(body: unknown) {
      if (failures > 0) {
        failures--;
        throw new Error("Queue send failed: 503 Service Unavailable");
      }
      sent.push(structuredClone(body));
    },
    async sendBatch(messages: Iterable<{ body: unknown }>) {
      if (failures > 0) {
        failures--;
        throw new Error("Queue sendBatch failed");
      }
      for (const message of messages) sent.push(structuredClone(message.body));
    },
  };
  return {
    sent,
    binding: queue as unknown as Queue<unknown>,
    failNext(count = 1) {
      failures = count;
    },
    /** Takes the messages sent so far, as a consumer would receive them. */
    take(): any[] {
      return sent.splice(0, sent.length);
    },
  };
}

export type RecordingQueue = ReturnType<typeof recordingQueue>;

let counter = 0;

/** Creates an integration through the API; returns its JSON. */
export async function createIntegration(body: Record<string, unknown>): Promise<any> {
  const { status, body: json } = await apiJson("/v1/integrations", { body });
  expect(status, JSON.stringify(json)).toBe(201);
  return json;
}

/** POSTs a webhook to the Worker the way a sender does: raw body, its headers, no API key. */
export async function inbound(path: string, body: BodyInit, headers: Record<string, string>, bindings: TestBindings): Promise<Response> {
  const request = new Request(`https://edge-cascade.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch!(request as any, { ...env, ...bindings } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export async function sendGithub(
  integrationId: string,
  event: string,
  payload: unknown,
  options: { secret: string; delivery?: string; bindings: TestBindings; signature?: string },
): Promise<Response> {
  const body = JSON.stringify(payload);
  return inbound(
    `/hooks/github/${integrationId}`,
    body,
    {
      "x-github-event": event,
      "x-github-delivery": options.delivery ?? crypto.randomUUID(),
      "x-hub-signature-256": options.signature ?? (await githubSignature(options.secret, body)),
      "user-agent": "GitHub-Hookshot/044aadd",
    },
    options.bindings,
  );
}

export async function sendSlack(
  integrationId: string,
  body: string,
  options: { secret: string; timestamp?: string; contentType?: string; bindings: TestBindings },
): Promise<Response> {
  const timestamp = options.timestamp ?? nowSeconds();
  return inbound(
    `/hooks/slack/${integrationId}`,
    body,
    {
      "content-type": options.contentType ?? "application/json",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": await slackSignature(options.secret, timestamp, body),
    },
    options.bindings,
  );
}

export async function sendStandard(
  integrationId: string,
  payload: unknown,
  options: { secret: string; id?: string; timestamp?: string; bindings: TestBindings; signature?: string },
): Promise<Response> {
  const body = JSON.stringify(payload);
  const id = options.id ?? `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const timestamp = options.timestamp ?? nowSeconds();
  return inbound(
    `/hooks/standard/${integrationId}`,
    body,
    { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": options.signature ?? (await standardSignature(options.secret, id, timestamp, body)) },
    options.bindings,
  );
}

/** Runs the deliveries consumer on one message, as the queue (or its dead-letter queue) would. */
export async function consume(body: unknown, options: { attempts?: number; dead?: boolean; bindings: TestBindings }) {
  const batch = createMessageBatch(options.dead ? DELIVERIES_DEAD_LETTER_QUEUE : DELIVERIES_QUEUE, [
    { id: `dlv-msg-${++counter}`, timestamp: new Date(), attempts: options.attempts ?? 1, body },
  ]);
  // The plugin's queue result records that a message was retried, not with what delay.
  const retry = vi.spyOn(batch.messages[0], "retry");
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, { ...env, ...options.bindings } as Env, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryDelays: retry.mock.calls.map(([options]) => options?.delaySeconds) };
}

/** Consumes everything on the recording queue, including the output messages processing sends, first attempts only. */
export async function drain(queue: RecordingQueue, bindings: TestBindings) {
  const results = [];
  for (let round = 0; round < 5 && queue.sent.length > 0; round++) {
    for (const body of queue.take()) results.push({ body, result: await consume(body, { bindings }) });
  }
  return results;
}

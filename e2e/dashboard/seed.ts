/**
 * Seeds a fresh Worker through the API for the dashboard tests: a classify task trained twice
 * on SMS spam (../shared/data, read at test time, never copied), version 2 active, and a batch
 * of classified texts in the decision log.
 */
import { newWhsec, nowSeconds, standardSignature } from "../../test/support/webhook-signing.ts";
import { smsSpam } from "../support/sms-spam.ts";

export interface Seeded {
  taskId: string;
  taskName: string;
  integrationId: string;
}

export function client(url: string, key: string) {
  return async function call<T>(path: string, init: { method?: string; body?: unknown; type?: string } = {}): Promise<T> {
    const body = typeof init.body === "string" ? init.body : init.body === undefined ? undefined : JSON.stringify(init.body);
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers: { authorization: `Bearer ${key}`, ...(body && { "content-type": init.type ?? "application/json" }) },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

interface Version {
  version: number;
  status: string;
  active: boolean;
}

async function trained(call: ReturnType<typeof client>, taskId: string): Promise<Version> {
  const queued = await call<Version>(`/v1/tasks/${taskId}/train`, { method: "POST" });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const version = await call<Version>(`/v1/tasks/${taskId}/models/${queued.version}`);
    if (version.status === "ready") return version;
    if (version.status === "failed" || Date.now() > deadline) throw new Error(`training v${queued.version} ended ${version.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function seed(url: string, key: string): Promise<Seeded> {
  const call = client(url, key);
  const taskName = `dash-spam-${Date.now().toString(36)}`;
  // No automatic retrain: the test decides which versions exist.
  const task = await call<{ id: string }>("/v1/tasks", { body: { name: taskName, kind: "classify", labels: ["ham", "spam"], settings: { auto_retrain: false } } });
  const examples = smsSpam("train", 400).map((example) => JSON.stringify(example)).join("\n");
  await call(`/v1/tasks/${task.id}/examples`, { body: examples, type: "application/x-ndjson" });
  const first = await trained(call, task.id);
  const second = await trained(call, task.id);
  if (second.version === first.version) throw new Error("the second training returned the first version");
  await call(`/v1/tasks/${task.id}/models/${second.version}/activate`, { method: "POST" });
  const texts = smsSpam("test", 40).map((example) => example.text);
  await call("/v1/classify", { body: { task: taskName, texts } });
  const integrationId = await deliver(url, call, taskName, texts[0]);
  return { taskId: task.id, taskName, integrationId };
}

/** A Standard Webhooks integration that classifies into the task, and one signed delivery to it. */
async function deliver(url: string, call: ReturnType<typeof client>, taskName: string, text: string): Promise<string> {
  const secret = newWhsec();
  const integration = await call<{ id: string; inbound_url: string }>("/v1/integrations", {
    body: { kind: "standard", name: `${taskName}-hook`, secret, events: { "message.created": { classify: taskName } }, text_pointer: "/data/text" },
  });
  const body = JSON.stringify({ type: "message.created", data: { text } });
  const id = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const timestamp = nowSeconds();
  const response = await fetch(`${url}/hooks/standard/${integration.id}`, {
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": await standardSignature(secret, id, timestamp, body) },
    body,
  });
  if (!response.ok) throw new Error(`webhook delivery: ${response.status} ${await response.text()}`);
  // Processed in the background: wait, so that the decision log stops changing before the tests read it.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { data } = await call<{ data: Array<{ status: string }> }>(`/v1/integrations/${integration.id}/deliveries`);
    if (data[0] && ["processed", "failed"].includes(data[0].status)) return integration.id;
    if (Date.now() > deadline) throw new Error(`the delivery is still ${data[0]?.status ?? "missing"}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

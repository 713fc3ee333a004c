import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index.ts";
import type { TestBindings } from "./bindings.ts";
import { apiJson } from "./api.ts";

let counter = 0;

/** A unique task name, since storage is shared by the tests of a file. */
export function uniqueName(prefix = "task"): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export const TRIAGE_LABELS = [
  { name: "billing", description: "Charges, invoices, refunds" },
  { name: "bug", description: "Something is broken" },
  { name: "account", description: "Login, password, users" },
];

/** A small hand-written training set: enough for the compact model to separate three labels. */
export const TRIAGE_EXAMPLES: { text: string; label: string }[] = [
  ...[
    "I was charged twice this month",
    "please refund my last invoice",
    "my credit card was billed the wrong amount",
    "why is there an extra charge on my invoice",
    "cancel my subscription and refund the payment",
    "the invoice shows the wrong plan price",
    "I need a copy of my receipt for the payment",
    "you billed me after I cancelled",
    "how much does the pro plan cost per month",
    "update the card used for billing",
    "refund please, double payment on my card",
    "the charge on my statement is wrong",
  ].map((text) => ({ text, label: "billing" })),
  ...[
    "the app crashes when I open settings",
    "error 500 when saving a document",
    "the export button does nothing",
    "page is blank after the latest update",
    "upload fails with a timeout error",
    "search results are broken and show nothing",
    "the dashboard freezes and then crashes",
    "I get an error message when I click save",
    "images are not loading, broken icon everywhere",
    "the sync feature stopped working and throws errors",
    "notifications are broken since yesterday",
    "clicking the button crashes the browser tab",
  ].map((text) => ({ text, label: "bug" })),
  ...[
    "I cannot log in to my account",
    "reset my password please",
    "how do I add a new user to my team account",
    "two factor authentication code not accepted at login",
    "please delete my account",
    "change the email address on my account",
    "I am locked out of my account after too many login attempts",
    "remove a team member from our account",
    "my password reset email never arrives",
    "give admin permissions to my colleague's account",
    "can't sign in with single sign-on",
    "login page says my account is disabled",
  ].map((text) => ({ text, label: "account" })),
];

/** Creates a classification task through the API and returns its JSON. */
export async function createTask(overrides: Record<string, unknown> = {}): Promise<any> {
  const { status, body } = await apiJson("/v1/tasks", {
    body: { name: uniqueName(), labels: TRIAGE_LABELS, ...overrides },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** Runs the jobs queue consumer on one message, as the queue would deliver it. */
export async function deliverJob(body: unknown, attempts = 1, bindings: TestBindings = {}) {
  const batch = createMessageBatch("edge-cascade-jobs", [{ id: `msg-${++counter}`, timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, { ...env, ...bindings } as Env, ctx);
  return getQueueResult(batch, ctx);
}

/** A task with the triage examples and a trained, active compact model. */
export async function createTrainedTask(overrides: Record<string, unknown> = {}): Promise<any> {
  const task = await createTask(overrides);
  const added = await apiJson(`/v1/tasks/${task.id}/examples`, { body: TRIAGE_EXAMPLES });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const queued = await apiJson(`/v1/tasks/${task.id}/train`, { method: "POST" });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  const result = await deliverJob({ type: "train", task_id: task.id, model_id: queued.body.id });
  expect(result.explicitAcks).toHaveLength(1);
  const model = await apiJson(`/v1/tasks/${task.id}/models/${queued.body.id}`);
  expect(model.body.status, JSON.stringify(model.body)).toBe("ready");
  return { ...task, active_model_id: queued.body.id };
}

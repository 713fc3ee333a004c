/**
 * `decisions --follow` prints each new decision once: one that becomes visible after a newer one
 * was printed (queue mode, a retried D1 write, another isolate's clock; a proxy hides the older
 * decision from the decision log until the follower has printed the newer one), and none of what
 * was already there, however much of it the window it re-reads holds.
 */
import { afterEach, beforeAll, expect, inject, test } from "vitest";
import type { Decision, Page } from "../../clients/api-json.ts";
import { client } from "../dashboard/seed.ts";
import { apiFlags, buildCli, followDecisions, freshHome, taskName } from "./cli-runner.ts";
import { type Proxy, startProxy } from "./proxy.ts";

beforeAll(buildCli);

let proxy: Proxy | undefined;
afterEach(() => proxy?.close());

const api = () => client(inject("workerUrl"), inject("apiKey"));

/** An untrained task: classify answers 503 (one text) or 200 with failed items (a batch), and logs every decision. */
async function untrainedTask(prefix: string): Promise<string> {
  const name = taskName(prefix);
  await api()("/v1/tasks", { body: { name, kind: "classify", labels: ["ham", "spam"] } });
  return name;
}

/** One text's decision id; the 503 of a task no tier can answer still names its logged decision. */
async function classifyOne(task: string, text: string): Promise<string> {
  const response = await fetch(`${inject("workerUrl")}/v1/classify`, {
    method: "POST",
    headers: { authorization: `Bearer ${inject("apiKey")}`, "content-type": "application/json" },
    body: JSON.stringify({ task, text }),
  });
  expect(response.ok || response.status === 503, `classify: ${response.status}`).toBe(true);
  return ((await response.json()) as { decision_id: string }).decision_id;
}

test("--follow prints a decision that turns up late with an older created_at, and each decision once", async () => {
  const task = await untrainedTask("cli-follow");
  const older = await classifyOne(task, "see you at lunch");
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const newer = await classifyOne(task, "WINNER!! call now for a free prize");

  let hidden = true;
  proxy = await startProxy(
    async (request) => request.body,
    (request, body) => {
      if (!hidden || !request.url.startsWith("/v1/decisions?")) return body;
      const page = JSON.parse(body.toString()) as Page<Decision>;
      return Buffer.from(JSON.stringify({ ...page, data: page.data.filter((decision) => decision.decision_id !== older) }));
    },
  );
  const follower = followDecisions(["--task", task, "--interval", "0.3", "--url", proxy.url, "--key", inject("apiKey")], freshHome().env);
  const printed = () => follower.printed.map((decision) => decision.decision_id);
  try {
    await follower.until(() => printed().includes(newer), "the newer decision was not printed", 10_000);
    expect(printed()).toEqual([newer]);
    hidden = false;
    await follower.until(() => printed().includes(older), "the older decision that turned up late was never printed", 10_000);
    // A few more polls: nothing is printed twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(printed()).toEqual([newer, older]);
  } finally {
    follower.stop();
  }
});

test("--follow prints none of what was already there, even more than one page of it", async () => {
  const task = await untrainedTask("cli-follow-busy");
  // 600 decisions within the window each poll re-reads: more than one 500-row page.
  for (let batch = 0; batch < 6; batch++) {
    await api()("/v1/classify", { body: { task, texts: Array.from({ length: 100 }, (_, i) => `message ${batch * 100 + i}`) } });
  }
  const follower = followDecisions(["--task", task, "--limit", "3", "--interval", "0.3", ...apiFlags()], freshHome().env);
  try {
    await follower.until(() => follower.printed.length >= 3, "the latest 3 were not printed");
    // Several polls over the 600: none of them is new.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(follower.printed).toHaveLength(3);
    const fresh = await classifyOne(task, "one more");
    await follower.until(() => follower.printed.length >= 4, "the new decision was not printed");
    expect(follower.printed.map((decision) => decision.decision_id).slice(3)).toEqual([fresh]);
  } finally {
    follower.stop();
  }
});

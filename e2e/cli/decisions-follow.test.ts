/**
 * `decisions --follow` shows a decision that becomes visible after a newer one was printed (queue
 * mode, a retried D1 write, another isolate's clock): a proxy hides the older decision from the
 * decision log until the follower has printed the newer one.
 */
import { spawn } from "node:child_process";
import { afterEach, beforeAll, expect, inject, test } from "vitest";
import type { Decision, Page } from "../../clients/api-json.ts";
import { buildCli, CLI, freshHome, taskName } from "./cli-runner.ts";
import { type Proxy, startProxy } from "./proxy.ts";

beforeAll(buildCli);

let proxy: Proxy | undefined;
afterEach(() => proxy?.close());

/** The API's answer; a 503 of classify still logs its (failed) decision: an untrained task has no tier to answer. */
async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${inject("workerUrl")}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${inject("apiKey")}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok || response.status === 503, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

test("--follow prints a decision that turns up late with an older created_at, and each decision once", async () => {
  const task = taskName("cli-follow");
  await api("/v1/tasks", { name: task, kind: "classify", labels: ["ham", "spam"] });
  const older = await api<{ decision_id: string }>("/v1/classify", { task, text: "see you at lunch" });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const newer = await api<{ decision_id: string }>("/v1/classify", { task, text: "WINNER!! call now for a free prize" });

  let hidden = true;
  proxy = await startProxy(
    async (request) => request.body,
    (request, body) => {
      if (!hidden || !request.url.startsWith("/v1/decisions?")) return body;
      const page = JSON.parse(body.toString()) as Page<Decision>;
      return Buffer.from(JSON.stringify({ ...page, data: page.data.filter((decision) => decision.decision_id !== older.decision_id) }));
    },
  );
  const { env } = freshHome();
  const child = spawn(process.execPath, [CLI, "decisions", "--task", task, "--follow", "--interval", "0.3", "--json", "--url", proxy.url, "--key", inject("apiKey")], { env, stdio: ["ignore", "pipe", "pipe"] });
  const printed: string[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    printed.push(...lines.filter(Boolean).map((line) => (JSON.parse(line) as Decision).decision_id));
  });
  const until = async (done: () => boolean, what: string) => {
    for (const deadline = Date.now() + 10_000; !done(); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > deadline) throw new Error(`${what}; printed ${JSON.stringify(printed)}`);
    }
  };
  try {
    await until(() => printed.includes(newer.decision_id), "the newer decision was not printed");
    expect(printed).toEqual([newer.decision_id]);
    hidden = false;
    await until(() => printed.includes(older.decision_id), "the older decision that turned up late was never printed");
    // A few more polls: nothing is printed twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(printed).toEqual([newer.decision_id, older.decision_id]);
  } finally {
    child.kill("SIGINT");
  }
});

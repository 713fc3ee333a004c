import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { apiFlags, buildCli, followDecisions, freshHome, parseJson, runCli, taskName } from "./cli-runner.ts";
import { smsSpam, SKIP_WITHOUT_SMS_SPAM } from "../support/sms-spam.ts";

beforeAll(buildCli);

describe.skipIf(SKIP_WITHOUT_SMS_SPAM)("train, eval, decisions and stats (SMS Spam Collection from ../shared/data)", () => {
  const { env, home } = freshHome();
  const task = taskName("cli-spam");

  beforeAll(async () => {
    const created = await runCli(["tasks", "create", task, "--label", "ham", "--label", "spam", "--target-accuracy", "0.9", ...apiFlags()], env);
    expect(created.code, created.stderr).toBe(0);
    const file = join(home, "train.jsonl");
    writeFileSync(file, smsSpam("train", 400).map((row) => JSON.stringify(row)).join("\n"));
    const imported = await runCli(["examples", "import", file, "--task", task, ...apiFlags()], env);
    expect(imported.code, imported.stderr).toBe(0);
  });

  test("train --wait ends with a ready version, its metrics and verdict", async () => {
    const run = await runCli(["train", "--task", task, "--wait", ...apiFlags()], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^status\s+ready$/m);
    expect(run.stdout).toMatch(/^verdict\s+promoted: /m);
    expect(run.stdout).toMatch(/^holdout accuracy\s+\d+\.\d%$/m);
    expect(run.stdout).toMatch(/^threshold\s+\d\.\d{3}$/m);
    // Without a terminal, progress is one note per status on stderr.
    expect(run.stderr).toMatch(/^version \d+: (queued|training)/);

    const again = parseJson(await runCli(["train", "--task", task, "--wait", "--json", ...apiFlags()], env));
    expect(again).toMatchObject({ task: { name: task }, status: "ready", metrics: { holdout_accuracy: expect.any(Number) } });
    expect(["promoted", "rejected"]).toContain(again.verdict);
  });

  test("eval classifies a held-out file in batches and prints accuracy, edge share, cost and savings", async () => {
    const file = join(home, "test.jsonl");
    writeFileSync(file, `${smsSpam("test", 150).map((row) => JSON.stringify(row)).join("\n")}\n{"text": "no label"}\n`);
    const run = await runCli(["eval", file, "--task", task, ...apiFlags()], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^evaluated\s+150 texts \(1 rows rejected\)$/m);
    expect(run.stdout).toMatch(/^accuracy\s+\d+\.\d% \(\d+\/150\)$/m);
    expect(run.stdout).toMatch(/^edge share\s+\d+\.\d%$/m);
    expect(run.stdout).toMatch(/^cost\s+(\$\d|unknown)/m);
    expect(run.stdout).toMatch(/^savings\s+(\$\d|unknown)/m);
    expect(run.stdout).toContain('line 151: missing "label"');

    const result = parseJson(await runCli(["eval", file, "--task", task, "--batch-size", "40", "--json", ...apiFlags()], env));
    expect(result.evaluated).toBe(150);
    expect(result.accuracy).toBeGreaterThan(0.8);
    expect(result.edge_share).toBeGreaterThan(0);
    expect(result.tiers.edge).toBeGreaterThan(0);
    // Locally the edge tier answers everything at $0; the large-only cost is known or null, never made up.
    expect(result.cost_usd).toBe(0);
    expect(result.large_only_cost_usd === null || result.large_only_cost_usd >= 0).toBe(true);
    if (result.large_only_cost_usd === null) expect(result.savings_usd).toBeNull();
  });

  test("decisions lists the task's latest; --json parses", async () => {
    const run = await runCli(["decisions", "--task", task, "--limit", "5", ...apiFlags()], env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^TIME\s+DECISION\s+TIER\s+OUTPUT\s+CONF\s+STATUS\s+FALLBACK\s+COST$/);
    expect(lines).toHaveLength(6);
    const listed = parseJson<{ decision_id: string; task_id: string }[]>(await runCli(["decisions", "--task", task, "--limit", "3", "--json", ...apiFlags()], env));
    expect(listed).toHaveLength(3);
    expect(listed[0].decision_id).toMatch(/^dec_/);
  });

  test("decisions --follow prints a new decision as it arrives", async () => {
    const follower = followDecisions(["--task", task, "--limit", "1", "--interval", "0.3", ...apiFlags()], env);
    try {
      await follower.until(() => follower.printed.length >= 1, "the latest decision was not printed");
      const answer = await fetch(`${inject("workerUrl")}/v1/classify`, {
        method: "POST",
        headers: { authorization: `Bearer ${inject("apiKey")}`, "content-type": "application/json" },
        body: JSON.stringify({ task, text: "WINNER!! You have won a free prize, call now" }),
      });
      const { decision_id } = (await answer.json()) as { decision_id: string };
      await follower.until(() => follower.printed.length >= 2, "the new decision was not printed");
      expect(follower.printed[1].decision_id).toBe(decision_id);
      expect(new Set(follower.printed.map((decision) => decision.decision_id)).size).toBe(follower.printed.length);
    } finally {
      follower.stop();
    }
  });

  test("stats prints the task's totals as a table; --json is GET /v1/stats", async () => {
    const run = await runCli(["stats", "--task", task, ...apiFlags()], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Task ${task}, `);
    expect(run.stdout).toMatch(/^requests\s+\d+$/m);
    expect(run.stdout).toMatch(/^edge share\s+\d+\.\d%$/m);
    expect(run.stdout).toMatch(/^savings\s+/m);
    const stats = parseJson(await runCli(["stats", "--task", task, "--bucket", "hour", "--json", ...apiFlags()], env));
    expect(stats).toMatchObject({ task: { name: task }, bucket: "hour", totals: { requests: expect.any(Number) }, buckets: expect.any(Array) });
    expect(stats.totals.requests).toBeGreaterThanOrEqual(300);
    const bad = await runCli(["stats", "--bucket", "week", ...apiFlags()], env);
    expect(bad.code).toBe(2);
  });
});

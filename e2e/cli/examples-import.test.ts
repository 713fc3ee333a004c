import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { apiFlags, buildCli, freshHome, parseJson, runCli, taskName } from "./cli-runner.ts";
import { type LabelledRow, smsSpam, SKIP_WITHOUT_SMS_SPAM } from "../support/sms-spam.ts";
import { type Proxy, startProxy } from "./proxy.ts";

beforeAll(buildCli);

async function createTask(env: NodeJS.ProcessEnv, prefix: string): Promise<string> {
  const name = taskName(prefix);
  const created = await runCli(["tasks", "create", name, "--label", "ham", "--label", "spam", ...apiFlags()], env);
  expect(created.code, created.stderr).toBe(0);
  return name;
}

/** Examples added by `exampleCount` itself, per task. */
const probes = new Map<string, number>();

/** The task's example count from the API (one more example's answer says the total), less those probes. */
async function exampleCount(task: string): Promise<number> {
  probes.set(task, (probes.get(task) ?? 0) + 1);
  const response = await fetch(`${inject("workerUrl")}/v1/tasks/${task}/examples`, {
    method: "POST",
    headers: { authorization: `Bearer ${inject("apiKey")}`, "content-type": "application/json" },
    body: JSON.stringify([{ text: "one more, to read the total", label: "ham" }]),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { total: number }).total - probes.get(task)!;
}

function jsonl(rows: LabelledRow[]): string[] {
  return rows.map((row) => JSON.stringify(row));
}

let proxy: Proxy | undefined;

describe.skipIf(SKIP_WITHOUT_SMS_SPAM)("examples import (SMS Spam Collection from ../shared/data)", () => {
  afterEach(() => proxy?.close());

  test("a JSON Lines file with bad rows: good rows imported in chunks, each bad row named by line and reason", async () => {
    const { env, home } = freshHome();
    const task = await createTask(env, "cli-import-jsonl");
    const good = smsSpam("train", 250);
    const lines = [...jsonl(good.slice(0, 100)), "{not json", '{"text": "no label here"}', '{"text": "free entry!!", "label": "eggs"}', '["an", "array"]', "", '{"text": "   ", "label": "ham"}', ...jsonl(good.slice(100))];
    const file = join(home, "sms.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);

    const run = await runCli(["examples", "import", file, "--task", task, "--chunk-size", "100", ...apiFlags()], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Imported 250 of 255 rows into ${task} in 3 chunk(s). The task has 250 examples.`);
    expect(run.stdout).toContain(
      [
        "Rejected 5 row(s):",
        "  line 101: not valid JSON",
        '  line 102: missing "label"',
        '  line 103: label "eggs" is not one of the task\'s labels',
        "  line 104: not a JSON object",
        '  line 106: "text" is empty',
      ].join("\n"),
    );
    // No progress bar when stderr is not a terminal.
    expect(run.stderr).toBe("");
    expect(await exampleCount(task)).toBe(250);
  });

  test("a CSV file (header, quoted fields with commas, quotes and newlines) with bad rows, --json", async () => {
    const { env, home } = freshHome();
    const task = await createTask(env, "cli-import-csv");
    const good = smsSpam("train", 60);
    const quote = (field: string) => `"${field.replace(/"/g, '""')}"`;
    const rows = good.map((row, index) => `${row.label},${quote(index === 5 ? `${row.text}\nand a "second" line, too` : row.text)}`);
    rows.splice(30, 0, `ham,`, `spam,${quote("label not in the task")}`.replace(/^spam/, "phishing"));
    const file = join(home, "sms.csv");
    writeFileSync(file, `label,text\r\n${rows.join("\r\n")}\r\n`);

    const result = parseJson(await runCli(["examples", "import", file, "--task", task, "--json", ...apiFlags()], env));
    expect(result).toMatchObject({ format: "csv", rows: 62, imported: 60, task_examples: 60, chunks: { total: 1, sent: 1, already_stored: 0 }, resumed: false });
    // Line 1 is the header and row 6 spans two lines, so the 31st row starts on line 33.
    expect(result.rejected).toEqual([
      { line: 33, reason: '"text" is empty', by: "cli" },
      { line: 34, reason: 'label "phishing" is not one of the task\'s labels', by: "cli" },
    ]);
    expect(await exampleCount(task)).toBe(60);
  });

  test("resumes after a failure mid-import: the chunk whose answer was lost is not stored twice", async () => {
    const { env, home } = freshHome();
    const task = await createTask(env, "cli-import-resume");
    const good = smsSpam("train", 300);
    const file = join(home, "sms.jsonl");
    writeFileSync(file, `${[...jsonl(good.slice(0, 150)), "{broken", ...jsonl(good.slice(150))].join("\n")}\n`);

    // A proxy that lets chunk 1 through, delivers chunk 2 to the Worker but drops its answer, then is down.
    let examplePosts = 0;
    let down = false;
    proxy = await startProxy(async (request) => {
      if (down) return "refuse";
      if (request.method === "POST" && request.url.endsWith("/examples") && ++examplePosts === 2) {
        down = true;
        return "drop-answer";
      }
      return request.body;
    });
    const failed = await runCli(["examples", "import", file, "--task", task, "--chunk-size", "100", "--url", proxy.url, "--key", inject("apiKey")], env);
    expect(failed.code).toBe(3);
    expect(failed.stderr.trim().split("\n")).toHaveLength(1);
    expect(failed.stderr).toContain("chunk 2 of 3 failed: cannot reach");
    expect(failed.stderr).toContain("1 chunk(s) are stored; run the same command again to resume");
    expect(examplePosts).toBe(2);
    // Chunk 2 did reach the Worker: 200 rows are stored though the CLI saw only chunk 1's answer.
    expect(await exampleCount(task)).toBe(200);

    const resumed = await runCli(["examples", "import", file, "--task", task, "--chunk-size", "100", "--json", ...apiFlags()], env);
    expect(resumed.code, resumed.stdout).toBe(0);
    const result = parseJson(resumed);
    expect(result).toMatchObject({ resumed: true, imported: 300, chunks: { total: 3, sent: 2, already_stored: 1 }, rejected: [{ line: 151, reason: "not valid JSON", by: "cli" }] });
    expect(await exampleCount(task)).toBe(300);

    // Running it once more sends nothing.
    const again = await runCli(["examples", "import", file, "--task", task, ...apiFlags()], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Already imported: all 3 chunk(s) of this file are stored");
    expect(await exampleCount(task)).toBe(300);
  });

  test("rows the API refuses are set aside, named by line and marked (API); the rest of the chunk is stored", async () => {
    const { env, home } = freshHome();
    const task = await createTask(env, "cli-import-api-refusal");
    const good = smsSpam("train", 120);
    const file = join(home, "sms.jsonl");
    writeFileSync(file, `${jsonl(good).join("\n")}\n`);
    // The task's labels change under the import: the proxy relabels row 8 of the first chunk it carries.
    let rewritten = false;
    proxy = await startProxy(async (request) => {
      if (rewritten || request.method !== "POST" || !request.url.endsWith("/examples")) return request.body;
      rewritten = true;
      const rows = JSON.parse(request.body.toString()) as LabelledRow[];
      rows[7].label = "phishing";
      return Buffer.from(JSON.stringify(rows));
    });
    const run = await runCli(["examples", "import", file, "--task", task, "--chunk-size", "50", "--url", proxy.url, "--key", inject("apiKey")], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Imported 119 of 120 rows into ${task} in 3 chunk(s).`);
    expect(run.stdout).toContain('Rejected 1 row(s):\n  line 8: label "phishing" is not one of the task\'s labels (API)');
    expect(await exampleCount(task)).toBe(119);
  });
});

describe.skipIf(SKIP_WITHOUT_SMS_SPAM)("examples import --restart and --chunk-size", () => {
  test("--restart on a machine without the earlier import's state file stores the rows again (new Idempotency-Keys)", async () => {
    const first = freshHome();
    const task = await createTask(first.env, "cli-import-restart");
    const file = join(first.home, "sms.jsonl");
    writeFileSync(file, `${jsonl(smsSpam("train", 50)).join("\n")}\n`);
    const imported = await runCli(["examples", "import", file, "--task", task, ...apiFlags()], first.env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await exampleCount(task)).toBe(50);

    // Another machine (no state file) restarts the same file into the same task within 24 h.
    const other = freshHome();
    const restarted = parseJson(await runCli(["examples", "import", file, "--task", task, "--restart", "--json", ...apiFlags()], other.env));
    expect(restarted).toMatchObject({ imported: 50, resumed: false });
    expect(await exampleCount(task)).toBe(100);
  });

  test("a resume with a different --chunk-size is refused (the chunks are kept), and says how to go on", async () => {
    const { env, home } = freshHome();
    const task = await createTask(env, "cli-import-chunk-size");
    const file = join(home, "sms.jsonl");
    writeFileSync(file, `${jsonl(smsSpam("train", 30)).join("\n")}\n`);
    // The second chunk never arrives: the import is left interrupted after chunk 1.
    let posts = 0;
    proxy = await startProxy(async (request) => (request.method === "POST" && request.url.endsWith("/examples") && ++posts > 1 ? "refuse" : request.body));
    const failed = await runCli(["examples", "import", file, "--task", task, "--chunk-size", "10", "--url", proxy.url, "--key", inject("apiKey")], env);
    expect(failed.code).toBe(3);
    proxy.close();

    const other = await runCli(["examples", "import", file, "--task", task, "--chunk-size", "20", ...apiFlags()], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("split into chunks of 10 rows");
    expect(other.stderr).toContain("--restart");
    const resumed = parseJson(await runCli(["examples", "import", file, "--task", task, "--chunk-size", "10", "--json", ...apiFlags()], env));
    expect(resumed).toMatchObject({ resumed: true, imported: 30, chunks: { total: 3, sent: 2, already_stored: 1 } });
    expect(await exampleCount(task)).toBe(30);
  });
});

import { allPages, type ApiClient } from "../api-client.ts";
import type { Decision, Page } from "../../clients/api-json.ts";
import { type Command, numberValue, sleep, stringValue } from "../command.ts";
import { cellText, table, usd } from "../output.ts";
import { requireTask } from "./task-ref.ts";

const COLUMNS = ["TIME", "DECISION", "TIER", "OUTPUT", "CONF", "STATUS", "FALLBACK", "COST"];

export const decisions: Command = {
  name: "decisions",
  summary: "List a task's latest decisions; with --follow, print new ones as they arrive",
  args: "[--task TASK] [--limit N] [--follow]",
  options: {
    task: { type: "string", value: "TASK", description: "Task name or id (default: every task)" },
    limit: { type: "string", value: "N", description: "How many of the latest to show first (default 20, at most 500)" },
    follow: { type: "boolean", description: "Keep polling and print new decisions as they arrive (JSON Lines with --json); Ctrl-C stops" },
    interval: { type: "string", value: "SECONDS", description: "Seconds between polls with --follow (default 2)" },
  },
  positionals: [0, 0],
  examples: ["edge-cascade decisions --task tickets --limit 5", "edge-cascade decisions --task tickets --follow --json | jq -c '{tier, output}'"],
  async run({ out, api, values }) {
    const client = api();
    const ref = stringValue(values, "task");
    const taskId = ref === undefined ? undefined : (await requireTask(client, ref)).id;
    const limit = numberValue(values, "limit", 20, { min: 1, max: 500, integer: true });
    const latest = (await client.request<Page<Decision>>("GET", "/v1/decisions", { query: { task: taskId, limit } })).data.reverse();
    if (!values.follow) {
      out.result(latest, () => (latest.length === 0 ? "No decisions yet." : table(COLUMNS, latest.map(decisionCells))));
      return;
    }
    const intervalMs = numberValue(values, "interval", 2, { min: 0.2, max: 300 }) * 1000;
    // Rows are printed one at a time, so they share fixed widths instead of each its own.
    if (!out.json) out.line(null, table(COLUMNS, [], FOLLOW_WIDTHS));
    await follow(client, taskId, latest, intervalMs, (decision) => out.line(decision, table(COLUMNS, [decisionCells(decision)], FOLLOW_WIDTHS).split("\n")[1]));
  },
};

/** Column widths of --follow's rows: an ISO time, a decision id, the longest tier, a truncated output, ... */
const FOLLOW_WIDTHS = [24, 30, 5, 32, 4, 8, 20, 9];

/**
 * How far before the newest printed decision each poll looks again: a decision can become
 * visible after a newer one (queue mode, a retried D1 write, another isolate's clock), up to
 * about this much older.
 */
const LAG_MS = 60_000;

/**
 * Prints `first`, then every decision not printed yet from LAG_MS before the newest printed one,
 * until the process is stopped. What the window held at the start, up to the newest of `first`,
 * was already there and is not printed (read in full, however many, so that none of it reads as new).
 */
async function follow(client: ApiClient, taskId: string | undefined, first: Decision[], intervalMs: number, print: (decision: Decision) => void): Promise<never> {
  let newest = first.at(-1)?.created_at;
  // Ids seen in the window a poll reads, with their times: an id older than the window cannot come back, so it is dropped.
  const seen = new Map<string, number>();
  const windowStart = () => (newest === undefined ? undefined : new Date(Date.parse(newest) - LAG_MS).toISOString());
  const inWindow = () => allPages<Decision>(client, "/v1/decisions", 500, { task: taskId, from: windowStart() });
  const remember = (decision: Decision) => seen.set(decision.decision_id, Date.parse(decision.created_at));
  const show = (decision: Decision) => {
    print(decision);
    remember(decision);
    if (newest === undefined || decision.created_at > newest) newest = decision.created_at;
  };
  // Read before anything is printed, so that a decision turning up once the output has started is printed.
  const startedAt = newest;
  const alreadyThere = startedAt === undefined ? [] : (await inWindow()).filter((decision) => decision.created_at <= startedAt);
  first.forEach(show);
  alreadyThere.forEach(remember);
  process.once("SIGINT", () => process.exit(0));
  for (;;) {
    await sleep(intervalMs);
    (await inWindow()).reverse().filter((decision) => !seen.has(decision.decision_id)).forEach(show);
    const oldest = newest === undefined ? Number.NEGATIVE_INFINITY : Date.parse(newest) - LAG_MS;
    for (const [id, at] of seen) if (at < oldest) seen.delete(id);
  }
}

function decisionCells(decision: Decision): string[] {
  return [
    decision.created_at,
    decision.decision_id,
    decision.tier ?? "-",
    truncate(decision.output ?? "-", 32),
    decision.confidence === null ? "-" : decision.confidence.toFixed(2),
    decision.status,
    decision.fallback?.reason ?? "-",
    usd(decision.cost_usd),
  ];
}

function truncate(text: string, length: number): string {
  const flat = cellText(text).replace(/\s+/g, " ");
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

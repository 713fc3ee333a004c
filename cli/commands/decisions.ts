import type { ApiClient } from "../api-client.ts";
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
    if (!out.json) out.line(null, table(COLUMNS, []));
    await follow(client, taskId, latest, intervalMs, (decision) => out.line(decision, table(COLUMNS, [decisionCells(decision)]).split("\n")[1]));
  },
};

/** Prints `first`, then every decision made after the newest printed one, until the process is stopped. */
async function follow(client: ApiClient, taskId: string | undefined, first: Decision[], intervalMs: number, print: (decision: Decision) => void): Promise<never> {
  let since = first.at(-1)?.created_at;
  // Ids printed at the `since` instant: `from` is inclusive, so they come back on the next poll.
  let seen = new Set<string>();
  const show = (decision: Decision) => {
    print(decision);
    if (decision.created_at !== since) seen = new Set();
    since = decision.created_at;
    seen.add(decision.decision_id);
  };
  first.forEach(show);
  // A batch's decisions share one instant: those of it not shown at first are not new either.
  if (since) for (const decision of await decisionsBetween(client, taskId, since, since)) seen.add(decision.decision_id);
  process.once("SIGINT", () => process.exit(0));
  for (;;) {
    await sleep(intervalMs);
    const fresh = await decisionsBetween(client, taskId, since, undefined);
    fresh.reverse().filter((decision) => !seen.has(decision.decision_id)).forEach(show);
  }
}

/** Every decision from `from` (inclusive) to `to`, newest first. */
async function decisionsBetween(client: ApiClient, taskId: string | undefined, from: string | undefined, to: string | undefined): Promise<Decision[]> {
  const found: Decision[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request<Page<Decision>>("GET", "/v1/decisions", { query: { task: taskId, from, to, limit: 500, cursor } });
    found.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return found;
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

import type { Stats } from "../../clients/api-json.ts";
import { type Command, stringValue } from "../command.ts";
import { usageError } from "../errors.ts";
import { pairs, percent, savings, table, usd } from "../output.ts";

export const stats: Command = {
  name: "stats",
  summary: "Requests, edge share, fallbacks, cost and savings over a period (GET /v1/stats)",
  args: "[--task TASK] [--from ISO] [--to ISO] [--bucket hour|day]",
  options: {
    task: { type: "string", value: "TASK", description: "Task name or id (default: the whole project)" },
    from: { type: "string", value: "ISO", description: "Start, rounded down to the bucket (default: the last 7 daily or 24 hourly buckets, the current one included)" },
    to: { type: "string", value: "ISO", description: "End, rounded up to the bucket and exclusive (default: now)" },
    bucket: { type: "string", value: "BUCKET", description: "hour or day (default day)" },
  },
  positionals: [0, 0],
  examples: ["edge-cascade stats --task tickets", "edge-cascade stats --bucket hour --json | jq .totals.savings_usd"],
  async run({ out, api, values }) {
    const bucket = stringValue(values, "bucket");
    if (bucket !== undefined && bucket !== "hour" && bucket !== "day") throw usageError(`--bucket must be hour or day, not ${JSON.stringify(bucket)}`);
    for (const name of ["from", "to"]) {
      const value = stringValue(values, name);
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw usageError(`--${name} must be an ISO 8601 time, e.g. 2026-11-27T10:00:00Z`);
    }
    const answer = await api().request<Stats>("GET", "/v1/stats", {
      query: { task: stringValue(values, "task"), from: stringValue(values, "from"), to: stringValue(values, "to"), bucket },
    });
    out.result(answer, () => describeStats(answer));
  },
};

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : value.toFixed(1);
}

function describeStats(stats: Stats): string {
  const t = stats.totals;
  const counts = (record: Record<string, number> | undefined) =>
    Object.entries(record ?? {})
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name} ${n}`)
      .join(", ") || "-";
  const amount = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? "unknown" : `${value.toFixed(3)} ${unit}`);
  const header = `${stats.task ? `Task ${stats.task.name}` : "Whole project"}, ${stats.from} to ${stats.to}`;
  const latency = Object.entries(t.latency_ms ?? {}).map(([tier, { p50, p95 }]) => [tier, ms(p50), ms(p95)]);
  return [
    header,
    "",
    pairs([
      ["requests", String(t.requests)],
      ["answers by tier", counts(t.answers_by_tier)],
      ["edge share", percent(t.edge_share)],
      ["cache hits", String(t.cache_hits)],
      ["statuses", counts(t.statuses)],
      ["fallback reasons", counts(t.fallback_reasons)],
      ["cost", usd(t.cost_usd)],
      ["large-only cost", usd(t.large_only_cost_usd)],
      ["savings", savings(t.savings_usd, t.savings_pct)],
      ["energy", `${amount(t.energy_wh, "Wh")} (large only ${amount(t.large_only_energy_wh, "Wh")})`],
      ["CO2", `${amount(t.co2_g, "g")} (large only ${amount(t.large_only_co2_g, "g")})`],
      ["shadow agreement", t.shadow && t.shadow.checks > 0 ? `${percent(t.shadow.agreement)} of ${t.shadow.checks} checks` : "no shadow checks"],
    ]),
    ...(latency.length > 0 ? ["", table(["TIER", "P50 MS", "P95 MS"], latency)] : []),
  ].join("\n");
}

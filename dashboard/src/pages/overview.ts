/** Overview of a task (or the whole project) from GET /v1/stats: edge share, cost against large-only, requests, fallbacks, status. */
import { api } from "../api.ts";
import { chart } from "../charts.ts";
import { chosenTask, filterForm, heading, listTasks, taskSelect } from "../controls.ts";
import { el, facts, select, table } from "../dom.ts";
import { count, decimal, grams, milliseconds, percent, share, time, usd, wattHours } from "../format.ts";
import { navigate, type Route } from "../router.ts";
import type { Stats, StatsFigures } from "../../../clients/api-json.ts";

/**
 * The ranges offered, with the bucket each is drawn in: the last `buckets` UTC hours or days, the
 * current (partial) one included. 24 hours and 7 days are the API's own defaults (no `from`).
 */
const RANGES: Record<string, { label: string; buckets: number; bucket: "hour" | "day"; apiDefault: boolean }> = {
  "24h": { label: "Last 24 hours", buckets: 24, bucket: "hour", apiDefault: true },
  "7d": { label: "Last 7 days", buckets: 7, bucket: "day", apiDefault: true },
  "30d": { label: "Last 30 days", buckets: 30, bucket: "day", apiDefault: false },
};

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 };

/** The start of the first of the range's buckets, the one holding now being the last. */
function rangeStart(range: { buckets: number; bucket: "hour" | "day" }, now = Date.now()): string {
  const width = BUCKET_MS[range.bucket];
  return new Date((Math.floor(now / width) - range.buckets + 1) * width).toISOString();
}

export async function overviewPage(view: HTMLElement, route: Route): Promise<void> {
  const tasks = await listTasks();
  const wanted = route.params.get("task");
  const task = wanted ? chosenTask(tasks, wanted) : null;
  const rangeName = RANGES[route.params.get("range") ?? ""] ? route.params.get("range")! : "7d";
  const range = RANGES[rangeName];
  view.append(
    heading(task ? `Overview: ${task.name}` : "Overview: all tasks"),
    filterForm("Overview filters", [taskSelect(tasks, task?.id ?? "", { all: true }), select("Range", "range", Object.entries(RANGES).map(([name, r]) => [name, r.label]), rangeName)], (values) =>
      navigate("overview", values),
    ),
  );
  const stats = await api<Stats>("/v1/stats", { query: { task: task?.id, from: range.apiDefault ? null : rangeStart(range), bucket: range.bucket } });
  view.append(statsView(stats));
}

function statsView(stats: Stats): HTMLElement {
  const t = stats.totals;
  const per = stats.bucket === "day" ? "day" : "hour";
  const times = stats.buckets.map((b) => b.start);
  return el(
    "section",
    { class: "stats", "aria-label": "Totals", "data-from": stats.from, "data-to": stats.to, "data-bucket": stats.bucket, "data-task": stats.task?.id ?? "" },
    el("p", { class: "range" }, `${time(stats.from)} to ${time(stats.to)}`),
    facts(
      [
        ["Requests", count(t.requests), "requests"],
        ["Edge share", share(t.edge_share), "edge_share"],
        ["Cache hits", count(t.cache_hits), "cache_hits"],
        ["Cost", usd(t.cost_usd), "cost_usd"],
        ["Large-only cost", usd(t.large_only_cost_usd), "large_only_cost_usd"],
        ["Savings", usd(t.savings_usd), "savings_usd"],
        ["Savings share", percent(t.savings_pct), "savings_pct"],
        ["Energy", wattHours(t.energy_wh), "energy_wh"],
        ["Large-only energy", wattHours(t.large_only_energy_wh), "large_only_energy_wh"],
        ["CO₂", grams(t.co2_g), "co2_g"],
        ["Large-only CO₂", grams(t.large_only_co2_g), "large_only_co2_g"],
        ["Shadow agreement", t.shadow.checks === 0 ? "no checks" : `${share(t.shadow.agreement)} of ${count(t.shadow.checks)}`, "shadow"],
      ],
      "facts cards",
    ),
    el("h2", {}, "Status"),
    facts(
      [
        ["ok", count(t.statuses.ok), "statuses.ok"],
        ["degraded", count(t.statuses.degraded), "statuses.degraded"],
        ["failed", count(t.statuses.failed), "statuses.failed"],
      ],
      "facts statuses",
    ),
    el("h2", {}, "Over time"),
    stats.buckets.length === 0
      ? el("p", {}, "No requests in this range.")
      : el(
          "div",
          { class: "charts" },
          chart({ title: "Edge share", times, series: [{ label: "edge share", values: stats.buckets.map((b) => b.edge_share), color: "#1f7a4d" }], format: share, range: [0, 1], summary: `${share(t.edge_share)} over the range` }),
          chart({
            title: "Cost against large-only",
            times,
            series: [
              { label: "cost", values: stats.buckets.map((b) => b.cost_usd), color: "#1f5fa8" },
              { label: "large-only", values: stats.buckets.map((b) => b.large_only_cost_usd), color: "#a8401f" },
            ],
            format: usd,
            summary: `${usd(t.cost_usd)} spent, ${usd(t.large_only_cost_usd)} had the large model answered everything; saved ${usd(t.savings_usd)}`,
          }),
          chart({ title: `Requests per ${per}`, times, series: [{ label: "requests", values: stats.buckets.map((b) => b.requests), color: "#5b4a9e", bars: true }], format: count, summary: `${count(t.requests)} in total` }),
        ),
    el("h2", {}, "Fallback reasons"),
    breakdown("Fallback reasons", "Reason", t.fallback_reasons, "No fallbacks in this range."),
    el("h2", {}, "Answers by tier"),
    tiers(t),
    el("h2", {}, "Compact model versions that answered"),
    stats.model_versions.length === 0
      ? el("p", {}, "None in this range.")
      : table(
          "Compact model versions that answered",
          ["Version", "Threshold", "Requests", "First", "Last"],
          stats.model_versions.map((v) => [v.version === null ? v.id : `v${v.version}`, decimal(v.threshold), count(v.requests), time(v.first_bucket), time(v.last_bucket)]),
        ),
    el("p", { class: "help" }, `CO₂ at ${count(stats.factors.grid_intensity_g_per_kwh)} g/kWh (${stats.factors.source}).`),
  );
}

function breakdown(caption: string, header: string, counts: Record<string, number>, empty: string): HTMLElement {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return el("p", {}, empty);
  return table(caption, [header, "Requests"], entries.sort((a, b) => b[1] - a[1]).map(([name, n]) => [name, el("span", { "data-stat": `fallback_reasons.${name}` }, count(n))]));
}

function tiers(t: StatsFigures): HTMLElement {
  const names = [...new Set([...Object.keys(t.answers_by_tier), ...Object.keys(t.latency_ms ?? {})])];
  return table(
    "Answers and latency by tier",
    ["Tier", "Answers", "Latency p50", "Latency p95"],
    names.map((tier) => [tier, el("span", { "data-stat": `answers_by_tier.${tier}` }, count(t.answers_by_tier[tier] ?? 0)), milliseconds(t.latency_ms?.[tier]?.p50), milliseconds(t.latency_ms?.[tier]?.p95)]),
  );
}

/** The decision log with the API's filters, and one decision with every tier it tried. */
import { DECISION_STATUSES, FALLBACK_REASONS, TIER_NAMES } from "../../../schema/enums.ts";
import { api, type Query } from "../api.ts";
import { errorMessage, filterForm, heading, listTasks, taskSelect } from "../controls.ts";
import { el, facts, input, select, table, type Child } from "../dom.ts";
import { count, decimal, milliseconds, time, usd, wattHours } from "../format.ts";
import { href, navigate, type Route } from "../router.ts";
import type { Decision, Page, Task } from "../../../clients/api-json.ts";

const FILTERS = ["task", "tier", "fallback_reason", "status", "from", "to", "key_id", "metadata"] as const;

const choices = (values: readonly string[]): Array<[string, string]> => [["", "Any"], ...values.map((v): [string, string] => [v, v])];

export async function decisionsPage(view: HTMLElement, route: Route): Promise<void> {
  const tasks = await listTasks();
  const p = route.params;
  view.append(
    heading("Decisions"),
    filterForm(
      "Decision filters",
      [
        taskSelect(tasks, p.get("task"), { all: true }),
        select("Tier", "tier", choices(TIER_NAMES), p.get("tier")),
        select("Fallback reason", "fallback_reason", choices(FALLBACK_REASONS), p.get("fallback_reason")),
        select("Status", "status", choices(DECISION_STATUSES), p.get("status")),
        input("From (UTC, ISO 8601)", "from", p.get("from"), { placeholder: "2026-12-01T00:00Z" }),
        input("To (UTC, ISO 8601)", "to", p.get("to"), { placeholder: "2026-12-02T00:00Z" }),
        input("API key id", "key_id", p.get("key_id"), { placeholder: "key_…" }),
        input("Metadata (KEY=VALUE, comma-separated)", "metadata", p.get("metadata"), { placeholder: "team=billing" }),
      ],
      (values) => navigate("decisions", values),
      "Filter",
    ),
  );
  const query: Query = { limit: 50 };
  for (const name of FILTERS) if (name !== "metadata") query[name] = p.get(name);
  for (const pair of (p.get("metadata") ?? "").split(",")) {
    const [key, ...rest] = pair.split("=");
    if (key.trim() && rest.length > 0) query[`metadata.${key.trim()}`] = rest.join("=").trim();
  }
  const names = new Map(tasks.map((task) => [task.id, task.name]));
  const results = el("div", { class: "results" });
  view.append(results);
  await loadPage(results, query, names, route.params.toString());
}

/** Appends a page of decisions (and a "Load more" button when there are more); returns what it appended. */
async function loadPage(results: HTMLElement, query: Query, names: Map<string, string>, back: string): Promise<HTMLElement> {
  const page = await api<Page<Decision>>("/v1/decisions", { query });
  if (page.data.length === 0 && !query.cursor) {
    const none = el("p", {}, "No decisions match these filters.");
    results.append(none);
    return none;
  }
  const rows: Child[][] = page.data.map((d) => [
    el("a", { href: href("decisions", { back }, d.decision_id) }, time(d.created_at)),
    d.task_id ? (names.get(d.task_id) ?? d.task_id) : "—",
    d.output ?? "—",
    el("span", { "data-tier": d.tier ?? "" }, d.tier ?? "none"),
    decimal(d.confidence),
    d.status,
    d.fallback?.reason ?? "—",
    milliseconds(d.latency_ms),
    usd(d.cost_usd),
  ]);
  const rowsTable = table(query.cursor ? "More decisions" : "Decisions, newest first", ["Time (details)", "Task", "Output", "Tier", "Confidence", "Status", "Fallback", "Latency", "Cost"], rows, { id: query.cursor ? undefined : "decisions" });
  results.append(rowsTable);
  if (page.next_cursor) {
    const more = el("button", { type: "button", class: "secondary" }, "Load more");
    more.addEventListener("click", async () => {
      more.disabled = true;
      results.querySelector(".load-more-error")?.remove();
      try {
        const added = await loadPage(results, { ...query, cursor: page.next_cursor }, names, back);
        // Focus moves to the first new row before the button goes, so it never falls back to <body>.
        (added.querySelector<HTMLElement>("tbody a") ?? added).focus();
        more.remove();
      } catch (error) {
        more.disabled = false;
        results.insertBefore(el("div", { class: "load-more-error" }, errorMessage(error)), more);
        more.focus();
      }
    });
    results.append(more);
  }
  return rowsTable;
}

export async function decisionPage(view: HTMLElement, route: Route): Promise<void> {
  const back = route.params.get("back");
  view.append(el("p", {}, el("a", { href: back ? `#/decisions?${back}` : "#/decisions" }, "← Back to the decisions")));
  const [d, tasks] = await Promise.all([api<Decision>(`/v1/decisions/${encodeURIComponent(route.id!)}`), listTasks()]);
  view.append(heading(`Decision ${d.decision_id}`), facts(decisionFacts(d, tasks)), el("h2", {}, "Tiers tried"), tiersTried(d));
}

function decisionFacts(d: Decision, tasks: Task[]): Array<[string, Child, string?]> {
  const fallback = d.fallback ? `${d.fallback.reason}: ${d.fallback.from} → ${d.fallback.to ?? "none"}, ${d.fallback.outcome}${d.fallback.error ? ` (${d.fallback.error.message})` : ""}` : "none";
  const metadata = Object.entries(d.metadata).map(([k, v]) => `${k}=${v}`).join(", ");
  return [
    ["Time", time(d.created_at)],
    ["Task", tasks.find((t) => t.id === d.task_id)?.name ?? d.task_id ?? "—"],
    ["Kind, source", `${d.kind}, ${d.source}`],
    ["Output", d.output ?? "—", "output"],
    ["Confidence", decimal(d.confidence)],
    ["Answered by", d.tier ? `${d.tier} (${d.model ?? "unknown model"})` : "no tier", "tier"],
    ["Status", d.status, "status"],
    ["Fallback", fallback, "fallback"],
    ["Error", d.error ? `${d.error.code}: ${d.error.message}` : "none"],
    ["Warnings", d.warnings.join("; ") || "none"],
    ["Latency", milliseconds(d.latency_ms)],
    ["Tokens in / out", `${count(d.usage.input_tokens)} / ${count(d.usage.output_tokens)}${d.usage.estimated ? " (estimated)" : ""}`],
    ["Cost", usd(d.cost_usd)],
    ["Energy", wattHours(d.energy_wh)],
    ["Input", `${count(d.input_chars)} characters (not stored)`],
    ["Cache", d.cache ? `reused decision ${d.cache.decision_id}` : "not from the cache"],
    ["Metadata", metadata || "none"],
    ["API key id", d.key_id ?? "none"],
    ["Request id", d.request_id],
  ];
}

function tiersTried(d: Decision): HTMLElement {
  if (d.tiers.length === 0) return el("p", {}, "No tier was tried.");
  return table(
    "Tiers tried, in order",
    ["#", "Tier", "Provider", "Model", "Output", "Confidence", "Latency", "Attempts", "Error", "Cost", "Warnings"],
    d.tiers.map((t, i) => [
      String(i + 1),
      t.tier,
      t.provider,
      t.model,
      t.output ?? "—",
      decimal(t.confidence),
      milliseconds(t.latency_ms),
      count(t.attempts),
      t.error ? `${t.error.code}: ${t.error.message}` : "none",
      usd(t.cost_usd),
      t.warnings.join("; ") || "none",
    ]),
    { id: "tiers-tried" },
  );
}

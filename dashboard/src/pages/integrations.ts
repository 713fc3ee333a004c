/** Integrations and their deliveries: status, retries, dead letters (deliveries that used up their retries). */
import { DELIVERY_STATUSES } from "../../../schema/enums.ts";
import { api } from "../api.ts";
import { filterForm, heading } from "../controls.ts";
import { el, facts, select, table, type Child } from "../dom.ts";
import { count, time } from "../format.ts";
import { href, navigate, type Route } from "../router.ts";
import type { Delivery, Integration, Page } from "../../../clients/api-json.ts";

export async function integrationsPage(view: HTMLElement): Promise<void> {
  view.append(heading("Integrations"));
  const integrations = (await api<Page<Integration>>("/v1/integrations", { query: { limit: 200 } })).data;
  if (integrations.length === 0) return void view.append(el("p", {}, "No integrations: connect one with POST /v1/integrations."));
  view.append(
    table(
      "Integrations",
      ["Name (deliveries)", "Kind", "Events", "Outputs", "Inbound URL", "Created"],
      integrations.map((i) => [
        el("a", { href: href("integrations", {}, i.id) }, i.name ?? i.id),
        i.kind,
        Object.keys(i.events).join(", "),
        outputs(i),
        el("code", {}, i.inbound_url),
        time(i.created_at),
      ]),
    ),
  );
}

function outputs(i: Integration): string {
  const parts: string[] = [];
  const callback = i.outputs.callback;
  if (callback) parts.push(callback.disabled_at ? `callback disabled ${time(callback.disabled_at)}: ${callback.disabled_reason ?? ""}` : `callback ${callback.url}`);
  if (i.outputs.github) parts.push(["github", i.outputs.github.label && "label", i.outputs.github.comment && "comment"].filter(Boolean).join(" "));
  if (i.outputs.slack?.reply) parts.push("slack reply");
  return parts.join("; ") || "none";
}

export async function deliveriesPage(view: HTMLElement, route: Route): Promise<void> {
  const id = route.id!;
  const status = route.params.get("status");
  view.append(el("p", {}, el("a", { href: "#/integrations" }, "← Back to the integrations")));
  const integration = await api<Integration>(`/v1/integrations/${encodeURIComponent(id)}`);
  view.append(
    heading(`Deliveries: ${integration.name ?? integration.id} (${integration.kind})`),
    filterForm("Delivery filters", [select("Status", "status", [["", "Any"], ...DELIVERY_STATUSES.map((s): [string, string] => [s, s === "failed" ? "failed (dead letters)" : s])], status)], (values) =>
      navigate("integrations", values, id),
    ),
  );
  const deliveries = (await api<Page<Delivery>>(`/v1/integrations/${encodeURIComponent(id)}/deliveries`, { query: { limit: 100, status } })).data;
  const tally = (wanted: string) => count(deliveries.filter((d) => d.status === wanted).length);
  view.append(
    facts([
      ["Shown", count(deliveries.length)],
      ["Retrying", tally("retrying"), "retrying"],
      ["Dead letters (failed)", tally("failed"), "failed"],
      ["Outputs failed", count(deliveries.flatMap((d) => d.outputs).filter((o) => o.status === "failed").length)],
    ]),
  );
  if (deliveries.length === 0) return void view.append(el("p", {}, "No deliveries."));
  const rows: Child[][] = deliveries.map((d) => [
    time(d.received_at),
    d.event,
    d.status,
    count(d.attempts),
    d.error ?? "none",
    time(d.processed_at),
    d.decisions.length === 0 ? "none" : el("span", {}, ...d.decisions.map((decision) => el("a", { href: href("decisions", {}, decision.decision_id) }, `${decision.output ?? decision.status} `))),
    d.outputs.map((o) => `${o.kind}: ${o.status} (${o.attempts} attempt${o.attempts === 1 ? "" : "s"}${o.error ? `, ${o.error}` : ""})`).join("; ") || "none",
  ]);
  view.append(table("Deliveries, newest first", ["Received", "Event", "Status", "Attempts", "Error", "Processed", "Decisions", "Outputs"], rows, { id: "deliveries" }));
}

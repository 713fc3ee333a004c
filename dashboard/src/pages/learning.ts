/** A task's learning events, newest first: retrains, promotions, rejections, thresholds and drift. */
import { LEARNING_EVENT_KINDS } from "../../../schema/enums.ts";
import { api } from "../api.ts";
import { chosenTask, filterForm, heading, listTasks, taskSelect } from "../controls.ts";
import { el, facts, select, table } from "../dom.ts";
import { count, decimal, time, value } from "../format.ts";
import { navigate, type Route } from "../router.ts";
import type { LearningEvent, Page } from "../../../clients/api-json.ts";

export async function learningPage(view: HTMLElement, route: Route): Promise<void> {
  const tasks = await listTasks();
  const task = chosenTask(tasks, route.params.get("task"));
  const kind = route.params.get("kind");
  view.append(heading(task ? `Learning and drift: ${task.name}` : "Learning and drift"));
  if (!task) return void view.append(el("p", {}, "No task yet."));
  view.append(
    filterForm("Learning filters", [taskSelect(tasks, task.id), select("Kind", "kind", [["", "Any"], ...LEARNING_EVENT_KINDS.map((k): [string, string] => [k, k])], kind)], (values) =>
      navigate("learning", values),
    ),
  );
  const events = (await api<Page<LearningEvent>>(`/v1/tasks/${encodeURIComponent(task.id)}/events`, { query: { limit: 200 } })).data;
  const drift = events.filter((event) => event.kind === "drift_detected");
  view.append(
    el("h2", {}, "Drift"),
    facts([
      ["Drift threshold in force", task.drift_threshold === null ? "none" : decimal(task.drift_threshold), "drift-threshold"],
      ["Drift detected (last 200 events)", count(drift.length), "drift-count"],
      ["Last detected", drift[0] ? time(drift[0].created_at) : "never"],
    ]),
    el("h2", {}, "Events"),
  );
  // The API filters by task only; the kind is filtered here, over the newest 200.
  const shown = kind ? events.filter((event) => event.kind === kind) : events;
  if (shown.length === 0) return void view.append(el("p", {}, "No learning events."));
  view.append(
    table(
      "Learning events, newest first",
      ["Time", "Kind", "Details"],
      shown.map((event) => [
        time(event.created_at),
        event.kind,
        el("ul", { class: "metrics" }, ...Object.entries(event.details).map(([name, raw]) => el("li", {}, `${name.replaceAll("_", " ")}: ${value(raw)}`))),
      ]),
      { id: "events" },
    ),
  );
}

/** A task's model versions: metrics, threshold, verdict; activate one (or roll back) after a confirmation. */
import { api } from "../api.ts";
import { announce, chosenTask, errorMessage, filterForm, heading, listTasks, taskSelect } from "../controls.ts";
import { el, facts, table, type Child } from "../dom.ts";
import { count, decimal, share, time, value } from "../format.ts";
import { navigate, type Route } from "../router.ts";
import type { ModelVersion, Page, Task } from "../../../clients/api-json.ts";

export async function modelsPage(view: HTMLElement, route: Route): Promise<void> {
  const tasks = (await listTasks()).filter((task) => task.kind === "classify");
  const task = chosenTask(tasks, route.params.get("task"));
  view.append(heading(task ? `Model versions: ${task.name}` : "Model versions"));
  if (!task) return void view.append(el("p", {}, "No classification task yet: only they train compact models."));
  view.append(filterForm("Choose a task", [taskSelect(tasks, task.id)], (values) => navigate("models", values)));
  const versions = (await api<Page<ModelVersion>>(`/v1/tasks/${encodeURIComponent(task.id)}/models`)).data;
  const active = versions.find((v) => v.active) ?? null;
  view.append(
    facts([
      ["Active version", active ? `v${active.version}` : "none", "active-version"],
      ["Threshold (task)", task.threshold === null ? "from the model" : decimal(task.threshold)],
      ["Target accuracy", task.target_accuracy === null ? "none" : share(task.target_accuracy)],
      ["Drift threshold", task.drift_threshold === null ? "none" : decimal(task.drift_threshold)],
    ]),
  );
  if (versions.length === 0) return void view.append(el("p", {}, "No model version yet: train one with POST /v1/tasks/{id}/train."));
  const dialog = confirmation(view);
  const rows: Child[][] = versions.map((v) => [
    `v${v.version}`,
    v.active ? el("strong", {}, "active") : v.status,
    v.trigger,
    v.verdict ? `${v.verdict}${v.verdict_reason ? `: ${v.verdict_reason}` : ""}` : "—",
    decimal(v.threshold),
    metrics(v),
    count(v.training_examples),
    time(v.finished_at ?? v.created_at),
    v.status === "ready" && !v.active ? action(task, v, active, dialog, view, route) : "—",
  ]);
  view.append(table("Model versions, newest first", ["Version", "Status", "Trigger", "Verdict", "Threshold", "Metrics", "Examples", "Finished", "Action"], rows, { id: "versions" }));
}

function metrics(v: ModelVersion): Child {
  const entries = Object.entries(v.metrics ?? {}).filter(([, raw]) => raw !== null);
  if (v.error) return `error: ${v.error}`;
  return entries.length === 0 ? "—" : el("ul", { class: "metrics" }, ...entries.map(([name, raw]) => el("li", {}, `${name.replaceAll("_", " ")}: ${value(raw)}`)));
}

function action(task: Task, v: ModelVersion, active: ModelVersion | null, dialog: HTMLDialogElement, view: HTMLElement, route: Route): HTMLElement {
  const verb = active && v.version < active.version ? "Roll back to" : "Activate";
  return el(
    "button",
    {
      type: "button",
      "data-version": v.version,
      onclick: () => {
        const question = active
          ? `${verb} v${v.version} of ${task.name}? v${active.version} stops answering at the edge at once.`
          : `Activate v${v.version} of ${task.name}? It starts answering at the edge at once.`;
        ask(
          dialog,
          question,
          `${verb} v${v.version}`,
          () => api<ModelVersion>(`/v1/tasks/${encodeURIComponent(task.id)}/models/${v.version}/activate`, { method: "POST" }),
          async () => {
            announce(`v${v.version} of ${task.name} is now active.`);
            view.replaceChildren();
            try {
              await modelsPage(view, route);
            } catch (error) {
              // The dialog left the page with the old view: the error goes to the page and its live region.
              announce(`v${v.version} of ${task.name} is now active, but the page could not be reloaded: ${errorMessage(error).textContent}`);
              view.append(heading("Model versions"), errorMessage(error));
            }
            view.querySelector<HTMLElement>("h1")?.focus();
          },
        );
      },
    },
    `${verb} v${v.version}`,
  );
}

/** One modal dialog per page: it traps focus, Escape cancels, and focus returns to the button. */
function confirmation(view: HTMLElement): HTMLDialogElement {
  const dialog = el("dialog", { "aria-labelledby": "confirm-title", "aria-describedby": "confirm-text" }, el("h2", { id: "confirm-title" }, "Change the active version"), el("p", { id: "confirm-text" }));
  view.append(dialog);
  return dialog;
}

/** Asks, then runs `onConfirm`: its error stays in the dialog; once it succeeded the dialog closes and `then` runs. */
function ask(dialog: HTMLDialogElement, question: string, confirmLabel: string, onConfirm: () => Promise<unknown>, then: () => Promise<void>): void {
  dialog.querySelector("#confirm-text")!.textContent = question;
  dialog.querySelector(".dialog-actions")?.remove();
  dialog.querySelector(".error")?.remove();
  const cancel = el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, "Cancel");
  const confirm = el("button", { type: "button", class: "danger" }, confirmLabel);
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      await onConfirm();
    } catch (error) {
      confirm.disabled = false;
      dialog.append(errorMessage(error));
      return;
    }
    dialog.close();
    await then();
  });
  dialog.append(el("div", { class: "dialog-actions" }, cancel, confirm));
  dialog.showModal();
  cancel.focus();
}

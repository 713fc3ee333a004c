/** The pages' shared pieces: a filter form, the task picker, errors and announcements. */
import { ApiError, api } from "./api.ts";
import { el, select } from "./dom.ts";
import type { Page, Task } from "../../clients/api-json.ts";

/** A labelled form of filters; applying it (the button or Enter) hands its non-empty values over. */
export function filterForm(label: string, fields: HTMLElement[], onApply: (values: Record<string, string>) => void, button = "Show"): HTMLFormElement {
  const form = el("form", { class: "filters", "aria-label": label }, ...fields, el("div", { class: "field actions" }, el("button", { type: "submit" }, button)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(form)) if (typeof value === "string" && value.trim() !== "") values[name] = value.trim();
    onApply(values);
  });
  return form;
}

/** Every task the key may see, page by page. */
export async function listTasks(): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Task> = await api<Page<Task>>("/v1/tasks", { query: { limit: 200, cursor } });
    tasks.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return tasks;
}

/** The task select: every task, and "all tasks" first when the page can show the whole project. */
export function taskSelect(tasks: Task[], selected: string | null, options: { all?: boolean } = {}): HTMLElement {
  const choices: Array<[string, string]> = tasks.map((task) => [task.id, `${task.name} (${task.kind})`]);
  return select("Task", "task", options.all ? [["", "All tasks"], ...choices] : choices, selected);
}

/** The task a page shows: the one named in the URL (id or name), else the first. */
export function chosenTask(tasks: Task[], wanted: string | null): Task | null {
  return tasks.find((task) => task.id === wanted || task.name === wanted) ?? tasks[0] ?? null;
}

/** Says something to screen readers (the polite live region) without moving focus. */
export function announce(message: string): void {
  const region = document.getElementById("announce");
  if (region) region.textContent = message;
}

export function errorMessage(error: unknown): HTMLElement {
  const text = error instanceof ApiError ? `${error.message} (${error.code}, HTTP ${error.status})` : error instanceof Error ? error.message : String(error);
  return el("p", { class: "error", role: "alert" }, text);
}

export function heading(text: string): HTMLHeadingElement {
  return el("h1", { tabindex: -1 }, text);
}

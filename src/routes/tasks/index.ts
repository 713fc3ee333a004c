import { taskBudgetStatus } from "../../budget/status.ts";
import { ApiError } from "../../http/errors.ts";
import { requireTask } from "../../http/require-task.ts";
import { settingsOf } from "../../learning/task-settings.ts";
import { createRouter } from "../../http/router.ts";
import { insertTask, listTasks, updateTask } from "../../storage/tasks.ts";
import { NAME_TAKEN } from "../../storage/unique-names.ts";
import * as routes from "./routes.ts";
import { taskJson } from "./schemas.ts";
import { pageOf } from "../paging.ts";

export const tasksRouter = createRouter()
  .openapi(routes.createTask, async (c) => {
    const body = c.req.valid("json");
    const { db, clock } = c.get("ports");
    const { projectId, taskIds } = c.get("caller");
    // A key limited to named tasks could not see a task it created: it creates none.
    if (taskIds !== null) throw new ApiError("forbidden", "This API key is limited to named tasks and cannot create tasks");
    requireNoneLabelInSet(body.settings?.none_label, body.labels);
    const task = await insertTask(db, {
      projectId,
      name: body.name,
      kind: body.kind,
      description: body.description ?? null,
      labels: body.labels,
      threshold: body.threshold ?? null,
      targetAccuracy: body.target_accuracy ?? null,
      tiers: body.tiers ?? null,
      activeModelId: null,
      settings: body.settings ?? {},
    }, clock.now());
    // Names are unique within the project: another project's task of the same name is no conflict (nor visible).
    if (task === NAME_TAKEN) throw new ApiError("conflict", `A task named ${body.name} already exists`);
    return c.json(taskJson(task), 201);
  })
  .openapi(routes.listTasks, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const { projectId, taskIds } = c.get("caller");
    const rows = await listTasks(c.get("ports").db, projectId, { after: cursor, limit: limit + 1, taskIds });
    const { page, nextCursor } = pageOf(rows, limit);
    return c.json({ data: page.map(taskJson), next_cursor: nextCursor }, 200);
  })
  .openapi(routes.getTask, async (c) => {
    const task = await requireTask(c, c.req.valid("param").id);
    // Today's metered spend and what is left of the task's own budget (src/budget/status.ts).
    const spend = await taskBudgetStatus(c.get("ports"), task.projectId, task.id, settingsOf(task).dailyBudgetUsd);
    return c.json({ ...taskJson(task), ...spend }, 200);
  })
  .openapi(routes.updateTask, async (c) => {
    const task = await requireTask(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    if (task.kind === "summarize" && body.labels?.length) {
      throw new ApiError("invalid_request", "A summarization task has no labels");
    }
    if (task.kind === "classify" && body.labels && body.labels.length < 2) {
      throw new ApiError("invalid_request", "A classification task needs at least two labels");
    }
    const settings = body.settings !== undefined ? { ...task.settings, ...body.settings } : task.settings;
    requireNoneLabelInSet(settings.none_label as string | null | undefined, body.labels ?? task.labels);
    const { db, clock } = c.get("ports");
    const updated = await updateTask(db, task.id, {
      ...(body.description !== undefined && { description: body.description }),
      ...(body.labels !== undefined && { labels: body.labels }),
      ...(body.threshold !== undefined && { threshold: body.threshold }),
      ...(body.target_accuracy !== undefined && { targetAccuracy: body.target_accuracy }),
      ...(body.tiers !== undefined && { tiers: body.tiers }),
      ...(body.settings !== undefined && { settings }),
    }, clock.now());
    return c.json(taskJson(updated!), 200);
  });

/** The "none of these" label must be one of the task's labels. */
function requireNoneLabelInSet(noneLabel: string | null | undefined, labels: readonly { name: string }[]): void {
  if (noneLabel && !labels.some((label) => label.name === noneLabel)) {
    throw new ApiError("invalid_request", `settings.none_label ${JSON.stringify(noneLabel)} is not one of the task's labels`);
  }
}

import type { Context } from "hono";
import { mayUseTask } from "../projects/caller.ts";
import { findDecision, type DecisionRow } from "../storage/decisions.ts";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/**
 * The caller's task named by id or name, or a 404: a task of another project, or one the key
 * is not limited to (`caller.taskIds`), is answered exactly like a task that does not exist.
 * The one place a route turns a task reference into a task.
 */
export async function requireTask(c: Context<AppEnv>, idOrName: string): Promise<TaskRow> {
  const caller = c.get("caller");
  const task = await findTask(c.get("ports").db, caller.projectId, idOrName);
  if (!task || !mayUseTask(caller, task.id)) throw new ApiError("not_found", `No task with id or name ${JSON.stringify(idOrName)}`);
  return task;
}

/**
 * The caller's decision, or a 404: a decision of another project, or (for a key limited to
 * named tasks) one of another task or of no task, is answered like one that does not exist.
 */
export async function requireDecision(c: Context<AppEnv>, id: string): Promise<DecisionRow> {
  const caller = c.get("caller");
  const row = await findDecision(c.get("ports").db, caller.projectId, id);
  if (!row || (caller.taskIds !== null && (row.taskId === null || !mayUseTask(caller, row.taskId)))) {
    throw new ApiError("not_found", `No decision ${id}`);
  }
  return row;
}

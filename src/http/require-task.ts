import type { Context } from "hono";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** The task named by id or name, or a 404. */
export async function requireTask(c: Context<AppEnv>, idOrName: string): Promise<TaskRow> {
  const task = await findTask(c.get("ports").db, idOrName);
  if (!task) throw new ApiError("not_found", `No task with id or name ${JSON.stringify(idOrName)}`);
  return task;
}

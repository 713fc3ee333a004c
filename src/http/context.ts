import type { Context } from "hono";
import { pipelineDepsFromEnv, type PipelineDeps } from "../pipeline/deps.ts";
import { database } from "../storage/database.ts";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** The pipelines' dependencies for this request. */
export function pipelineDeps(c: Context<AppEnv>): PipelineDeps {
  return pipelineDepsFromEnv(c.env);
}

/** The task named by id or name, or a 404. */
export async function requireTask(c: Context<AppEnv>, idOrName: string): Promise<TaskRow> {
  const task = await findTask(database(c.env.DB), idOrName);
  if (!task) throw new ApiError("not_found", `No task with id or name ${JSON.stringify(idOrName)}`);
  return task;
}

import type { Context } from "hono";
import { systemClock } from "../cascade/clock.ts";
import type { PipelineDeps } from "../pipeline/deps.ts";
import { database } from "../storage/database.ts";
import { findTask, type TaskRow } from "../storage/tasks.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** The pipelines' dependencies for this request. */
export function pipelineDeps(c: Context<AppEnv>): PipelineDeps {
  return { env: c.env, config: c.get("config"), db: database(c.env.DB), clock: systemClock, fetch: (input, init) => fetch(input, init) };
}

/** The task named by id or name, or a 404. */
export async function requireTask(c: Context<AppEnv>, idOrName: string): Promise<TaskRow> {
  const task = await findTask(database(c.env.DB), idOrName);
  if (!task) throw new ApiError("not_found", `No task with id or name ${JSON.stringify(idOrName)}`);
  return task;
}

import type { ApiClient } from "../api-client.ts";
import type { Task } from "../../clients/api-json.ts";
import { CliError, EXIT } from "../errors.ts";

/** The task named by `--task` (a name or an id), refused with a clear message when it is of the other kind. */
export async function requireTask(client: ApiClient, ref: string, kind?: Task["kind"]): Promise<Task> {
  const task = await client.request<Task>("GET", `/v1/tasks/${encodeURIComponent(ref)}`);
  if (kind && task.kind !== kind) throw new CliError("wrong_task_kind", `task ${task.name} is a ${task.kind} task, not ${kind}`, EXIT.usage);
  return task;
}

import type { Ports } from "../ports.ts";
import { findTaskModelVersion, type ModelVersionRow } from "../storage/model-versions.ts";
import { taskUpdate, type TaskRow } from "../storage/tasks.ts";

export type Activation = { ok: true; version: ModelVersionRow } | { ok: false; code: "not_found" | "conflict"; message: string };

/** Makes a ready version (by number or id) the task's active model: a rollback or a roll forward. */
export async function activateVersion(ports: Pick<Ports, "db" | "clock">, task: TaskRow, idOrVersion: string): Promise<Activation> {
  const version = await findTaskModelVersion(ports.db, task.id, idOrVersion);
  if (!version) return { ok: false, code: "not_found", message: `Task ${task.name} has no model version ${idOrVersion}` };
  if (version.status !== "ready") return { ok: false, code: "conflict", message: `Version ${version.version} is ${version.status}, not ready` };
  await taskUpdate(ports.db, task.id, { activeModelId: version.id }, ports.clock.now());
  return { ok: true, version };
}

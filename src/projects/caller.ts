import { API_KEY_SCOPES, type ApiKeyScope } from "../../schema/enums.ts";

/** Who sent a request: the project it acts in and what its key may do there. */
export interface Caller {
  projectId: string;
  /** The key's id (`key_…`); a bootstrap key's is `key_boot_` and 16 hex digits of its hash. */
  keyId: string;
  scopes: readonly ApiKeyScope[];
  /** Task ids the key is limited to; null for every task of the project. */
  taskIds: readonly string[] | null;
  /** When the key stops working; null for never. A key it creates may not outlive it. */
  expiresAt: number | null;
  /** A key from API_KEY_HASHES: an admin of the default project that may also create projects. */
  bootstrap: boolean;
}

/**
 * `admin` may do everything a project allows; the other scopes only what they name. A key limited
 * to named tasks is never an admin (keys, integrations and project settings span every task),
 * though its `admin` still grants the other scopes on its own tasks.
 */
export function hasScope(caller: Caller, scope: ApiKeyScope): boolean {
  if (scope === "admin") return caller.taskIds === null && caller.scopes.includes("admin");
  return caller.scopes.includes("admin") || caller.scopes.includes(scope);
}

/** Whether the key may act on this task at all (a key limited to named tasks sees no others). */
export function mayUseTask(caller: Caller, taskId: string): boolean {
  return caller.taskIds === null || caller.taskIds.includes(taskId);
}

export const ALL_SCOPES: readonly ApiKeyScope[] = API_KEY_SCOPES;

/** A caller's requests record their project and key with every decision. */
export function originOf(caller: Caller, metadata?: Record<string, string> | null) {
  return { projectId: caller.projectId, keyId: caller.keyId, metadata: metadata ?? null };
}

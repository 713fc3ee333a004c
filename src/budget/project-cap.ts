import type { Database } from "../storage/database.ts";
import { projectDailyBudgetUsd } from "../storage/project-budgets.ts";

/**
 * A project's daily budget, read from D1 at most once per PROJECT_CAP_TTL_MS per isolate: the
 * hot path pays a map lookup, and a changed budget applies everywhere within that time.
 */
export const PROJECT_CAP_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

const cache = new Map<string, { capUsd: number | null; until: number }>();

export async function cachedProjectBudgetUsd(db: Database, projectId: string, now: number): Promise<number | null> {
  const hit = cache.get(projectId);
  if (hit && hit.until > now) return hit.capUsd;
  const capUsd = await projectDailyBudgetUsd(db, projectId);
  rememberProjectBudgetUsd(projectId, capUsd, now);
  return capUsd;
}

/** Caches a budget just read elsewhere (the project's row after a PATCH): this isolate applies it at once. */
export function rememberProjectBudgetUsd(projectId: string, capUsd: number | null, now: number): void {
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(projectId, { capUsd, until: now + PROJECT_CAP_TTL_MS });
}

/** Drops this isolate's cached budget of a project, or of every project (tests that set a budget in D1 directly). */
export function forgetProjectBudget(projectId?: string): void {
  if (projectId === undefined) cache.clear();
  else cache.delete(projectId);
}

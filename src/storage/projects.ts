import { and, eq, inArray, or } from "drizzle-orm";
import { apiKeys, projects, tasks } from "../../schema/index.ts";
import type { ApiKeyRow } from "./api-keys.ts";
import { runBatch } from "./batch.ts";
import type { Database } from "./database.ts";

export type ProjectRow = typeof projects.$inferSelect;
export type ProjectChanges = Partial<Pick<ProjectRow, "name" | "dailyBudgetUsd">>;

export async function findProject(db: Database, id: string): Promise<ProjectRow | undefined> {
  return db.query.projects.findFirst({ where: eq(projects.id, id) });
}

/** A new project and its first key in one batch (one transaction): a project never exists without a key that can administer it. */
export async function insertProjectWithKey(db: Database, project: ProjectRow, key: ApiKeyRow): Promise<ProjectRow> {
  await runBatch(db, [db.insert(projects).values(project), db.insert(apiKeys).values(key)]);
  return project;
}

/** Changes a project's name or budget; undefined when there is no such project. */
export async function updateProject(db: Database, id: string, changes: ProjectChanges, now: number): Promise<ProjectRow | undefined> {
  const [row] = await db.update(projects).set({ ...changes, updatedAt: now }).where(eq(projects.id, id)).returning();
  return row;
}

/**
 * The project's tasks named by id or name, in one query whatever the number of references
 * (a key limited to named tasks). Another project's task is not found.
 */
export async function findProjectTasks(db: Database, projectId: string, refs: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (refs.length === 0) return [];
  const list = [...new Set(refs)];
  return db
    .select({ id: tasks.id, name: tasks.name })
    .from(tasks)
    .where(and(eq(tasks.projectId, projectId), or(inArray(tasks.id, list), inArray(tasks.name, list))));
}

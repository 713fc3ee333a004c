import type { Context } from "hono";
import { budgetStatus } from "../../budget/status.ts";
import type { AppEnv } from "../../http/app-env.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { newId } from "../../ids.ts";
import { ALL_SCOPES } from "../../projects/caller.ts";
import { mintApiKey } from "../../projects/mint-key.ts";
import { findProject, insertProjectWithKey, updateProject, type ProjectRow } from "../../storage/projects.ts";
import * as routes from "./routes.ts";
import { projectJson, type ProjectSpend } from "./schemas.ts";

/** The name of a project's first key. */
const FIRST_KEY_NAME = "admin";

/** Today's spend and what is left of the budget, from the project's budget ledger (src/budget/status.ts). */
async function projectSpend(c: Context<AppEnv>, project: ProjectRow): Promise<ProjectSpend> {
  return budgetStatus(c.get("ports"), project.id, project.dailyBudgetUsd);
}

/**
 * The caller's own project by id, or a 404: a key sees only its project (the bootstrap keys the
 * default project), so another project's id is answered like one that does not exist.
 */
async function requireOwnProject(c: Context<AppEnv>, id: string): Promise<ProjectRow> {
  const caller = c.get("caller");
  const project = id === caller.projectId ? await findProject(c.get("ports").db, id) : undefined;
  if (!project) throw new ApiError("not_found", `No project with id ${JSON.stringify(id)}`);
  return project;
}

export const projectsRouter = createRouter()
  .openapi(routes.createProject, async (c) => {
    if (!c.get("caller").bootstrap) throw new ApiError("forbidden", "Only a bootstrap key (API_KEY_HASHES) may create projects");
    const body = c.req.valid("json");
    const { db, clock } = c.get("ports");
    const now = clock.now();
    const project: ProjectRow = { id: newId("prj", now), name: body.name, dailyBudgetUsd: body.daily_budget_usd ?? null, createdAt: now, updatedAt: now };
    const { row: key, secret } = await mintApiKey({ projectId: project.id, name: FIRST_KEY_NAME, scopes: [...ALL_SCOPES], taskIds: null, expiresAt: null }, now);
    // The project and its admin key are written together. Names are labels (schema/projects.ts): another project's is no conflict.
    const created = await insertProjectWithKey(db, project, key);
    return c.json({ ...projectJson(created, await projectSpend(c, created)), key: secret, key_id: key.id, key_prefix: key.prefix }, 201);
  })
  .openapi(routes.currentProject, async (c) => {
    const caller = c.get("caller");
    const project = await findProject(c.get("ports").db, caller.projectId);
    if (!project) throw new ApiError("not_found", "This API key's project no longer exists");
    const callerJson = { key_id: caller.keyId, scopes: [...caller.scopes], tasks: caller.taskIds === null ? null : [...caller.taskIds], bootstrap: caller.bootstrap };
    return c.json({ ...projectJson(project, await projectSpend(c, project)), caller: callerJson }, 200);
  })
  .openapi(routes.getProject, async (c) => {
    const project = await requireOwnProject(c, c.req.valid("param").id);
    return c.json(projectJson(project, await projectSpend(c, project)), 200);
  })
  .openapi(routes.updateProject, async (c) => {
    const project = await requireOwnProject(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    const { db, clock } = c.get("ports");
    const updated = await updateProject(
      db,
      project.id,
      { ...(body.name !== undefined && { name: body.name }), ...(body.daily_budget_usd !== undefined && { dailyBudgetUsd: body.daily_budget_usd }) },
      clock.now(),
    );
    if (!updated) throw new ApiError("not_found", `No project with id ${JSON.stringify(project.id)}`);
    return c.json(projectJson(updated, await projectSpend(c, updated)), 200);
  });

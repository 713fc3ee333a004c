import type { Context } from "hono";
import type { ApiKeyScope } from "../../../schema/enums.ts";
import type { AppEnv } from "../../http/app-env.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { hasScope, mayUseTask, type Caller } from "../../projects/caller.ts";
import { forgetApiKey } from "../../projects/key-cache.ts";
import { mintApiKey } from "../../projects/mint-key.ts";
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey } from "../../storage/api-keys.ts";
import { findProjectTasks } from "../../storage/projects.ts";
import * as routes from "./routes.ts";
import { apiKeyJson } from "./schemas.ts";

/** Every keys route is an admin's (also in http/route-scopes.ts); checked here too, so the routes never rely on one table alone. */
function requireAdmin(c: Context<AppEnv>): Caller {
  const caller = c.get("caller");
  if (!hasScope(caller, "admin")) throw new ApiError("forbidden", "This API key lacks the admin scope");
  return caller;
}

/** The scopes of `scopes` the caller does not have itself (a key cannot grant more than it holds). */
function beyondCaller(caller: Caller, scopes: readonly ApiKeyScope[]): ApiKeyScope[] {
  return scopes.filter((scope) => !hasScope(caller, scope));
}

/**
 * The task ids a new key is limited to: the named tasks of the caller's project (ids or names;
 * 422 naming those it does not have, or its key may not use). Left out, a key made by a key
 * limited to tasks is limited to the same tasks; null (every task) only from an unlimited key.
 */
async function keyTaskIds(c: Context<AppEnv>, caller: Caller, refs: readonly string[] | null | undefined): Promise<string[] | null> {
  if (refs === undefined) return caller.taskIds === null ? null : [...caller.taskIds];
  if (refs === null) {
    if (caller.taskIds !== null) throw new ApiError("forbidden", "This API key is limited to named tasks: a key it creates must be limited to some of them");
    return null;
  }
  const found = (await findProjectTasks(c.get("ports").db, caller.projectId, refs)).filter((task) => mayUseTask(caller, task.id));
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const task = found.find((candidate) => candidate.id === ref) ?? found.find((candidate) => candidate.name === ref);
    if (!task) unknown.push(ref);
    else if (!ids.includes(task.id)) ids.push(task.id);
  }
  if (unknown.length > 0) {
    throw new ApiError("unprocessable", `No task with id or name ${unknown.map((ref) => JSON.stringify(ref)).join(", ")} in this project`, { unknown_tasks: unknown });
  }
  return ids;
}

export const keysRouter = createRouter()
  .openapi(routes.createKey, async (c) => {
    const caller = requireAdmin(c);
    const body = c.req.valid("json");
    const { db, clock } = c.get("ports");
    const now = clock.now();
    const beyond = beyondCaller(caller, body.scopes);
    if (beyond.length > 0) throw new ApiError("forbidden", `This API key cannot grant scopes it does not have: ${beyond.join(", ")}`);
    const expiresAt = body.expires_at ? Date.parse(body.expires_at) : null;
    if (expiresAt !== null && expiresAt <= now) {
      throw new ApiError("invalid_request", "expires_at: must be in the future", [{ path: "expires_at", message: "Must be in the future" }]);
    }
    if (caller.expiresAt !== null && (expiresAt === null || expiresAt > caller.expiresAt)) {
      throw new ApiError("forbidden", `This API key expires at ${new Date(caller.expiresAt).toISOString()}: a key it creates must expire by then`);
    }
    const taskIds = await keyTaskIds(c, caller, body.tasks);
    if (taskIds !== null && body.scopes.includes("admin")) {
      throw new ApiError("invalid_request", "A key limited to named tasks cannot be an admin: admin covers keys, integrations and project settings, which span every task", [
        { path: "scopes", message: "admin with tasks" },
      ]);
    }
    const { row, secret } = await mintApiKey({ projectId: caller.projectId, name: body.name, scopes: body.scopes, taskIds, expiresAt }, now);
    await insertApiKey(db, row);
    return c.json({ ...apiKeyJson(row), key: secret }, 201);
  })
  .openapi(routes.listKeys, async (c) => {
    const { projectId } = requireAdmin(c);
    const { limit, cursor } = c.req.valid("query");
    const rows = await listApiKeys(c.get("ports").db, projectId, { before: cursor, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return c.json({ data: page.map(apiKeyJson), next_cursor: rows.length > limit ? page[page.length - 1].id : null }, 200);
  })
  .openapi(routes.revokeKey, async (c) => {
    const { projectId } = requireAdmin(c);
    const { id } = c.req.valid("param");
    const { db, clock } = c.get("ports");
    const row = await findApiKey(db, projectId, id);
    if (!row) throw new ApiError("not_found", `No API key with id ${JSON.stringify(id)}`);
    if (row.revokedAt === null) await revokeApiKey(db, projectId, id, clock.now());
    // This isolate refuses the key at once; the others within their cache's TTL (REVOCATION_NOTE).
    forgetApiKey(row.hash);
    return c.body(null, 204);
  });

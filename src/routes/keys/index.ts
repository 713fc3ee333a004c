import type { Context } from "hono";
import type { AppEnv } from "../../http/app-env.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import type { Caller } from "../../projects/caller.ts";
import { forgetApiKey } from "../../projects/key-cache.ts";
import { mintApiKey } from "../../projects/mint-key.ts";
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey } from "../../storage/api-keys.ts";
import { findProjectTasks } from "../../storage/projects.ts";
import * as routes from "./routes.ts";
import { apiKeyJson } from "./schemas.ts";
import { pageOf } from "../paging.ts";

/**
 * The task ids a new key is limited to: the named tasks of the caller's project (ids or names;
 * 422 naming those it does not have), or null for every task. Only an admin reaches here
 * (http/route-scopes.ts), and an admin is never limited to tasks, so every task is the caller's.
 */
async function keyTaskIds(c: Context<AppEnv>, caller: Caller, refs: readonly string[] | null | undefined): Promise<string[] | null> {
  if (refs === undefined || refs === null) return null;
  const found = await findProjectTasks(c.get("ports").db, caller.projectId, refs);
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
    const caller = c.get("caller");
    const body = c.req.valid("json");
    const { db, clock } = c.get("ports");
    const now = clock.now();
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
    const { projectId } = c.get("caller");
    const { limit, cursor } = c.req.valid("query");
    const rows = await listApiKeys(c.get("ports").db, projectId, { before: cursor, limit: limit + 1 });
    const { page, nextCursor } = pageOf(rows, limit);
    return c.json({ data: page.map(apiKeyJson), next_cursor: nextCursor }, 200);
  })
  .openapi(routes.revokeKey, async (c) => {
    const { projectId } = c.get("caller");
    const { id } = c.req.valid("param");
    const { db, clock } = c.get("ports");
    const row = await findApiKey(db, projectId, id);
    if (!row) throw new ApiError("not_found", `No API key with id ${JSON.stringify(id)}`);
    if (row.revokedAt === null) await revokeApiKey(db, projectId, id, clock.now());
    // This isolate refuses the key at once; the others within their cache's TTL (REVOCATION_NOTE).
    forgetApiKey(row.hash);
    return c.body(null, 204);
  });

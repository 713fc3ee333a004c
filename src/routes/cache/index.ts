import { createRoute, z } from "@hono/zod-openapi";
import { requireTask } from "../../http/require-task.ts";
import { createRouter } from "../../http/router.ts";
import { bumpCacheGeneration } from "../../storage/answer-cache.ts";
import { errorResponses, errorSchema, idParam, json, security } from "../common-schemas.ts";

const dropCache = createRoute({
  method: "delete",
  path: "/v1/tasks/{id}/cache",
  tags: ["tasks"],
  security,
  summary: "Drop the task's cached remote answers (admin)",
  description:
    "Starts a new cache generation for the task: every answer cached before can no longer be found, and expires by its TTL. " +
    "Takes effect at once where it is made and everywhere within about 60 s (KV's propagation). README, \"Cache\".",
  request: { params: idParam },
  responses: {
    200: {
      description: "The task's earlier cache entries are unreachable",
      content: json(z.object({ task_id: z.string(), dropped: z.literal(true) }).openapi("DroppedCache")),
    },
    403: { description: "The key lacks the admin scope (http/route-scopes.ts: a route missing from it is an admin's)", content: json(errorSchema) },
    ...errorResponses,
  },
});

export const cacheRouter = createRouter().openapi(dropCache, async (c) => {
  const task = await requireTask(c, c.req.valid("param").id);
  const ports = c.get("ports");
  // Without the binding nothing is cached, so nothing is there to drop.
  if (ports.answers) await bumpCacheGeneration(ports.answers, task.projectId, task.id, ports.clock.now());
  return c.json({ task_id: task.id, dropped: true as const }, 200);
});

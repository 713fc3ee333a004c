import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  security: [],
  summary: "Liveness: answers while the Worker runs; needs no key",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } } } },
});

export const healthRouter = createRouter().openapi(health, (c) => c.json({ ok: true as const }, 200));

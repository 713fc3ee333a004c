import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.ts";
import { errorSchema } from "../common-schemas.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  security: [],
  summary: "Liveness: answers while the Worker runs and its configuration is valid; needs no key",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } } },
    500: { description: "Misconfigured: `error.message` names what is wrong", content: { "application/json": { schema: errorSchema } } },
  },
});

export const healthRouter = createRouter().openapi(health, (c) => c.json({ ok: true as const }, 200));

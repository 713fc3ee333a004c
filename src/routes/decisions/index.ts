import { createRoute, z } from "@hono/zod-openapi";
import { DECISION_STATUSES, FALLBACK_REASONS, TIER_NAMES } from "../../../schema/enums.ts";
import { requireDecision, requireTask } from "../../http/require-task.ts";
import { createRouter } from "../../http/router.ts";
import { decisionJson, decisionSchema } from "../../decision-log/decision-json.ts";
import { listDecisions } from "../../storage/decisions.ts";
import { errorResponses, idParam, queryTime, security } from "../common-schemas.ts";
import { metadataFilterOf } from "../metadata.ts";
import { pageOf } from "../paging.ts";

const listQuery = z.object({
  task: z.string().max(100).optional().openapi({ description: "Task id or name" }),
  from: queryTime.optional().openapi({ description: "Earliest created_at (inclusive), ISO 8601" }),
  to: queryTime.optional().openapi({ description: "Latest created_at (inclusive), ISO 8601" }),
  tier: z.enum(TIER_NAMES).optional().openapi({ description: "The tier that answered" }),
  fallback_reason: z.enum(FALLBACK_REASONS).optional(),
  status: z.enum(DECISION_STATUSES).optional(),
  key_id: z.string().max(100).optional().openapi({ description: "The API key that made the decision (`key_…`, as in `key_id`); webhook decisions have none" }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional().openapi({ description: "next_cursor of the previous page" }),
});

const list = createRoute({
  method: "get",
  path: "/v1/decisions",
  tags: ["decisions"],
  security,
  summary: "The decision log, newest first, filtered and paginated",
  description: "Filter by request metadata with `metadata.KEY=VALUE` query parameters (up to 10; a decision must have every pair).",
  request: { query: listQuery },
  responses: {
    200: { description: "A page of decisions", content: { "application/json": { schema: z.object({ data: z.array(decisionSchema), next_cursor: z.string().nullable() }) } } },
    ...errorResponses,
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/decisions/{id}",
  tags: ["decisions"],
  security,
  summary: "One decision",
  request: { params: idParam },
  responses: { 200: { description: "The decision", content: { "application/json": { schema: decisionSchema } } }, ...errorResponses },
});

export const decisionsRouter = createRouter()
  .openapi(list, async (c) => {
    const query = c.req.valid("query");
    const taskId = query.task ? (await requireTask(c, query.task)).id : undefined;
    const caller = c.get("caller");
    const rows = await listDecisions(c.get("ports").db, caller.projectId, {
      taskId,
      // A key limited to named tasks sees only their decisions.
      taskIds: caller.taskIds,
      keyId: query.key_id,
      from: query.from,
      to: query.to,
      tier: query.tier,
      fallbackReason: query.fallback_reason,
      status: query.status,
      before: query.cursor,
      metadata: metadataFilterOf(c.req.url),
      limit: query.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, query.limit);
    return c.json({ data: page.map((row) => decisionJson(row)), next_cursor: nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    return c.json(decisionJson(await requireDecision(c, c.req.valid("param").id)), 200);
  });

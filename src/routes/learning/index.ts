import { createRoute, z } from "@hono/zod-openapi";
import { EXAMPLE_SOURCES, LEARNING_EVENT_KINDS } from "../../../schema/enums.ts";
import { requireTask } from "../../http/require-task.ts";
import { createRouter } from "../../http/router.ts";
import { deleteExamples, type ExampleSource } from "../../storage/examples.ts";
import { listLearningEvents } from "../../storage/learning-events.ts";
import { errorResponses, idParam, isoTime, security } from "../common-schemas.ts";
import { pageOf } from "../paging.ts";

const eventSchema = z
  .object({
    id: z.string(),
    task_id: z.string(),
    created_at: z.string(),
    kind: z.enum(LEARNING_EVENT_KINDS),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("LearningEvent");

const events = createRoute({
  method: "get",
  path: "/v1/tasks/{id}/events",
  tags: ["learning"],
  security,
  summary: "What the learning loop did for a task, newest first: retrains, promotions, rejections, drift",
  request: {
    params: idParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() }),
  },
  responses: {
    200: { description: "A page of events", content: { "application/json": { schema: z.object({ data: z.array(eventSchema), next_cursor: z.string().nullable() }) } } },
    ...errorResponses,
  },
});

const KEPT_SOURCES: ExampleSource[] = ["large_model", "feedback"];

const deleteTexts = createRoute({
  method: "delete",
  path: "/v1/tasks/{id}/examples",
  tags: ["learning"],
  security,
  summary: "Delete a task's stored texts: by default the ones kept from traffic (large-model answers and feedback)",
  request: {
    params: idParam,
    query: z.object({
      source: z.enum(["kept", ...EXAMPLE_SOURCES, "all"]).default("kept").openapi({ description: "kept = large_model + feedback" }),
    }),
  },
  responses: {
    200: { description: "How many were deleted", content: { "application/json": { schema: z.object({ task_id: z.string(), deleted: z.number().int() }) } } },
    ...errorResponses,
  },
});

export const learningRouter = createRouter()
  .openapi(events, async (c) => {
    const task = await requireTask(c, c.req.valid("param").id);
    const { limit, cursor } = c.req.valid("query");
    const rows = await listLearningEvents(c.get("ports").db, task.id, { before: cursor, limit: limit + 1 });
    const { page, nextCursor } = pageOf(rows, limit);
    return c.json(
      {
        data: page.map((row) => ({ id: row.id, task_id: row.taskId, created_at: isoTime(row.createdAt)!, kind: row.kind, details: row.details })),
        next_cursor: nextCursor,
      },
      200,
    );
  })
  .openapi(deleteTexts, async (c) => {
    const task = await requireTask(c, c.req.valid("param").id);
    const { source } = c.req.valid("query");
    const sources: ExampleSource[] = source === "kept" ? KEPT_SOURCES : source === "all" ? ["import", ...KEPT_SOURCES] : [source];
    const deleted = await deleteExamples(c.get("ports").db, task.id, sources);
    return c.json({ task_id: task.id, deleted }, 200);
  });

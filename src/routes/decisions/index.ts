import { createRoute, z } from "@hono/zod-openapi";
import { requireTask } from "../../http/context.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { database } from "../../storage/database.ts";
import { findDecision, listDecisions, type DecisionRow } from "../../storage/decisions.ts";
import { errorResponses, idParam, isoTime, security } from "../common-schemas.ts";

const tierAttemptSchema = z.object({
  tier: z.string(),
  provider: z.string(),
  model: z.string(),
  output: z.string().nullable(),
  confidence: z.number().nullable(),
  latency_ms: z.number(),
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cost_usd: z.number(),
});

const decisionSchema = z
  .object({
    id: z.string(),
    created_at: z.string(),
    request_id: z.string(),
    task_id: z.string().nullable(),
    kind: z.enum(["classify", "summarize"]),
    source: z.enum(["api", "webhook"]),
    input_hash: z.string().openapi({ description: "HMAC-SHA256 of the input under DECISION_HASH_KEY; the text itself is not stored" }),
    input_chars: z.number().int(),
    output: z.string().nullable().openapi({ description: "The label; a summary only when the task keeps text" }),
    output_hash: z.string().nullable(),
    output_chars: z.number().int().nullable(),
    confidence: z.number().nullable(),
    tier: z.string().nullable(),
    model: z.string().nullable(),
    status: z.enum(["ok", "degraded", "failed"]),
    fallback: z
      .object({ reason: z.string(), from: z.string().nullable(), outcome: z.string().nullable() })
      .nullable(),
    error: z.string().nullable(),
    tiers: z.array(tierAttemptSchema),
    latency_ms: z.number(),
    usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }),
    cost_usd: z.number(),
    energy_wh: z.number(),
    delivery_id: z.string().nullable(),
  })
  .openapi("Decision");

function decisionJson(row: DecisionRow): z.infer<typeof decisionSchema> {
  return {
    id: row.id,
    created_at: isoTime(row.createdAt)!,
    request_id: row.requestId,
    task_id: row.taskId,
    kind: row.kind,
    source: row.source,
    input_hash: row.inputHash,
    input_chars: row.inputChars,
    output: row.output,
    output_hash: row.outputHash,
    output_chars: row.outputChars,
    confidence: row.confidence,
    tier: row.tier,
    model: row.model,
    status: row.status,
    fallback: row.fallbackReason ? { reason: row.fallbackReason, from: row.fallbackFrom, outcome: row.fallbackOutcome } : null,
    error: row.error,
    tiers: row.tiers,
    latency_ms: row.latencyMs,
    usage: { input_tokens: row.inputTokens, output_tokens: row.outputTokens },
    cost_usd: row.costUsd,
    energy_wh: row.energyWh,
    delivery_id: row.deliveryId,
  };
}

const time = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), "Use an ISO 8601 time, e.g. 2026-11-27T10:00:00Z")
  .transform((value) => Date.parse(value));

const listQuery = z.object({
  task: z.string().max(100).optional().openapi({ description: "Task id or name" }),
  from: time.optional().openapi({ description: "Earliest created_at (inclusive), ISO 8601" }),
  to: time.optional().openapi({ description: "Latest created_at (inclusive), ISO 8601" }),
  tier: z.string().max(20).optional().openapi({ description: "The tier that answered: edge, middle or large" }),
  fallback_reason: z.enum(["low_confidence", "edge_error", "no_model", "tier_error"]).optional(),
  status: z.enum(["ok", "degraded", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional().openapi({ description: "next_cursor of the previous page" }),
});

const list = createRoute({
  method: "get",
  path: "/v1/decisions",
  tags: ["decisions"],
  security,
  summary: "The decision log, newest first, filtered and paginated",
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
    const rows = await listDecisions(database(c.env.DB), {
      taskId,
      from: query.from,
      to: query.to,
      tier: query.tier,
      fallbackReason: query.fallback_reason,
      status: query.status,
      before: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return c.json({ data: page.map(decisionJson), next_cursor: rows.length > query.limit ? page[page.length - 1].id : null }, 200);
  })
  .openapi(get, async (c) => {
    const row = await findDecision(database(c.env.DB), c.req.valid("param").id);
    if (!row) throw new ApiError("not_found", `No decision ${c.req.valid("param").id}`);
    return c.json(decisionJson(row), 200);
  });

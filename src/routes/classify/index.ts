import { createRoute, z } from "@hono/zod-openapi";
import { originOf } from "../../projects/caller.ts";
import { ApiError } from "../../http/errors.ts";
import { requireTask } from "../../http/require-task.ts";
import { createRouter } from "../../http/router.ts";
import { classifyTexts } from "../../pipeline/classify.ts";
import { decisionJson, decisionSchema } from "../../decision-log/decision-json.ts";
import { cascadeResponse, recordedOrUnavailable } from "../cascade-response.ts";
import { errorResponses, errorSchema, idempotencyHeaders, idempotencyResponses, inputText, security } from "../common-schemas.ts";
import { metadataSchema } from "../metadata.ts";

export const MAX_BATCH_TEXTS = 100;

const classifyBody = z
  .object({
    task: z.string().min(1).max(100).openapi({ description: "Task id or name", example: "support-triage" }),
    text: inputText.optional(),
    texts: z.array(inputText).min(1).max(MAX_BATCH_TEXTS).optional().openapi({ description: `A batch of up to ${MAX_BATCH_TEXTS} texts` }),
    metadata: metadataSchema.optional(),
  })
  .strict()
  .refine((body) => (body.text === undefined) !== (body.texts === undefined), "Send either `text` or `texts`, not both")
  .openapi("ClassifyRequest");

const classification = decisionSchema
  .extend({ task: z.string().openapi({ description: "The task's name" }), label: z.string().nullable().openapi({ description: "The label: the same as `output`" }) })
  .openapi("Classification");

const classify = createRoute({
  method: "post",
  path: "/v1/classify",
  tags: ["classify"],
  security,
  summary: "Label a text (or a batch) with the cheapest tier that is confident enough",
  request: { headers: idempotencyHeaders, body: { content: { "application/json": { schema: classifyBody } }, required: true } },
  responses: {
    200: {
      description: "The decision on `text`, or `results` in the order of `texts`. A batch item no tier could answer has status `failed` and a null label.",
      content: { "application/json": { schema: z.union([classification, z.object({ results: z.array(classification) })]) } },
    },
    503: { description: "No tier could answer a single text (the decision is still logged)", content: { "application/json": { schema: classification } } },
    429: {
      description: "Rate limited (the error shape), or `budget_exhausted`: the daily budget skipped the remote tiers and there is no edge answer (the logged decision). Retry-After says when to try again (the next UTC midnight for a budget)",
      content: { "application/json": { schema: z.union([classification, errorSchema]) } },
    },
    ...idempotencyResponses,
    ...errorResponses,
  },
});

export const classifyRouter = createRouter().openapi(classify, async (c) => {
  const body = c.req.valid("json");
  const task = await requireTask(c, body.task);
  if (task.kind !== "classify") throw new ApiError("invalid_request", `Task ${task.name} is a ${task.kind} task; use /v1/summarize`);
  const texts = body.texts ?? [body.text!];
  const results = await recordedOrUnavailable(classifyTexts(c.get("ports"), { task, texts, requestId: c.get("requestId"), origin: originOf(c.get("caller"), body.metadata), source: "api" }));
  const answers = results.map(({ row, decision }) => ({ task: task.name, label: decision.output, ...decisionJson(row, decision.output) }));
  return cascadeResponse(c, answers, body.texts !== undefined);
});

import { createRoute, z } from "@hono/zod-openapi";
import { originOf } from "../../projects/caller.ts";
import { ApiError } from "../../http/errors.ts";
import { requireTask } from "../../http/require-task.ts";
import { createRouter } from "../../http/router.ts";
import { decisionJson, decisionSchema } from "../../decision-log/decision-json.ts";
import { summarizeTexts } from "../../pipeline/summarize.ts";
import { cascadeResponse, recordedOrUnavailable } from "../cascade-response.ts";
import { errorResponses, errorSchema, idempotencyHeaders, idempotencyResponses, inputText, security } from "../common-schemas.ts";
import { metadataSchema } from "../metadata.ts";

export const MAX_SUMMARY_BATCH = 20;

const summarizeBody = z
  .object({
    text: inputText.optional(),
    texts: z.array(inputText).min(1).max(MAX_SUMMARY_BATCH).optional().openapi({ description: `A batch of up to ${MAX_SUMMARY_BATCH} texts` }),
    max_words: z.number().int().min(5).max(2000).optional().openapi({ description: "Longest summary, in words" }),
    ratio: z.number().gt(0).max(1).optional().openapi({ description: "Summary length as a share of the text's words; with max_words, the shorter wins" }),
    task: z.string().min(1).max(100).optional().openapi({ description: "A summarization task (id or name) holding tiers, threshold and text retention" }),
    metadata: metadataSchema.optional(),
  })
  .strict()
  .refine((body) => (body.text === undefined) !== (body.texts === undefined), "Send either `text` or `texts`, not both")
  .openapi("SummarizeRequest");

const summarySchema = decisionSchema
  .extend({
    task: z.string().nullable().openapi({ description: "The task's name, if one was named" }),
    summary: z.string().nullable().openapi({ description: "The summary: the same as `output`" }),
    words: z.number().int(),
    text_kind: z.string().openapi({ description: "What the edge summarizer took the text for: prose, dialogue, list, code or short" }),
    language: z.string().openapi({ description: "The edge summarizer's language guess" }),
  })
  .openapi("Summary");

const summarize = createRoute({
  method: "post",
  path: "/v1/summarize",
  tags: ["summarize"],
  security,
  summary: "Summarize a text (or a batch) with the cheapest tier that is good enough",
  request: { headers: idempotencyHeaders, body: { content: { "application/json": { schema: summarizeBody } }, required: true } },
  responses: {
    200: {
      description: "The decision on `text`, or `results` in the order of `texts`",
      content: { "application/json": { schema: z.union([summarySchema, z.object({ results: z.array(summarySchema) })]) } },
    },
    503: { description: "No tier could summarize a single text (the decision is still logged)", content: { "application/json": { schema: summarySchema } } },
    429: {
      description: "Rate limited (the error shape), or `budget_exhausted`: the daily budget skipped the remote tiers and there is no edge answer (the logged decision). Retry-After says when to try again (the next UTC midnight for a budget)",
      content: { "application/json": { schema: z.union([summarySchema, errorSchema]) } },
    },
    ...idempotencyResponses,
    ...errorResponses,
  },
});

export const summarizeRouter = createRouter().openapi(summarize, async (c) => {
  const body = c.req.valid("json");
  const task = body.task ? await requireTask(c, body.task) : null;
  if (!task && c.get("caller").taskIds !== null) {
    throw new ApiError("forbidden", "This API key is limited to named tasks: name one of them in `task`");
  }
  if (task && task.kind !== "summarize") throw new ApiError("invalid_request", `Task ${task.name} is a ${task.kind} task; use /v1/classify`);
  const texts = body.texts ?? [body.text!];
  const request = { task, texts, length: { maxWords: body.max_words, ratio: body.ratio }, requestId: c.get("requestId"), origin: originOf(c.get("caller"), body.metadata), source: "api" as const };
  const results = await recordedOrUnavailable(summarizeTexts(c.get("ports"), request));
  const answers = results.map(({ row, decision, words, profile }) => ({
    task: task?.name ?? null,
    summary: decision.output,
    words,
    text_kind: profile.kind,
    language: profile.language,
    ...decisionJson(row, decision.output),
  }));
  return cascadeResponse(c, answers, body.texts !== undefined);
});

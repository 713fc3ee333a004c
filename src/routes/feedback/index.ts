import { createRoute, z } from "@hono/zod-openapi";
import { pipelineDeps } from "../../http/context.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { retrainIfDue } from "../../pipeline/retrain.ts";
import { settingsOf } from "../../pipeline/task-settings.ts";
import { hmacHex, timingSafeEqualHex } from "../../privacy/digest.ts";
import { maskPersonalData } from "../../privacy/mask.ts";
import { findDecision } from "../../storage/decisions.ts";
import { keptText, upsertFeedback } from "../../storage/examples.ts";
import { findTask } from "../../storage/tasks.ts";
import { errorResponses, errorSchema, idParam, inputText, security } from "../common-schemas.ts";

const feedbackBody = z
  .object({
    label: z.string().min(1).max(100).openapi({ description: "The right label, from the task's set" }),
    text: inputText.optional().openapi({
      description: "The classified text, when the task did not keep it; it must be the text of the decision (checked against its keyed hash)",
    }),
  })
  .strict()
  .openapi("Feedback");

const feedback = createRoute({
  method: "post",
  path: "/v1/decisions/{id}/feedback",
  tags: ["decisions"],
  security,
  summary: "Correct a decision's label: a human label outranks the large model's when the model is retrained",
  request: { params: idParam, body: { content: { "application/json": { schema: feedbackBody } }, required: true } },
  responses: {
    201: {
      description: "The label is stored for training",
      content: {
        "application/json": {
          schema: z.object({ decision_id: z.string(), label: z.string(), answered: z.string().nullable(), agreed: z.boolean(), retrain_queued: z.string().nullable() }),
        },
      },
    },
    409: { description: "The task does not keep texts for training", content: { "application/json": { schema: errorSchema } } },
    422: { description: "A label outside the task's set, or a text that is not the decision's", content: { "application/json": { schema: errorSchema } } },
    ...errorResponses,
  },
});

export const feedbackRouter = createRouter().openapi(feedback, async (c) => {
  const deps = pipelineDeps(c);
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const decision = await findDecision(deps.db, id);
  if (!decision) throw new ApiError("not_found", `No decision ${id}`);
  const task = decision.kind === "classify" && decision.taskId ? await findTask(deps.db, decision.taskId) : undefined;
  if (!task) throw new ApiError("invalid_request", "Feedback applies to classification decisions of an existing task");
  if (!task.labels.some((label) => label.name === body.label)) {
    throw new ApiError("unknown_label", `${JSON.stringify(body.label)} is not one of the task's labels`, { labels: task.labels.map((l) => l.name) });
  }
  if (!settingsOf(task).keepText) {
    throw new ApiError("conflict", `Task ${task.name} does not keep texts for training; enable settings.keep_text first`);
  }
  const text = body.text ?? (await keptText(deps.db, decision.id));
  if (text === null) {
    throw new ApiError("unprocessable", "The text of this decision was not kept; send it as `text`");
  }
  if (body.text !== undefined && !timingSafeEqualHex(await hmacHex(deps.config.DECISION_HASH_KEY, body.text), decision.inputHash)) {
    throw new ApiError("unprocessable", "`text` is not the text this decision was made on");
  }
  // A kept text is already masked; masking again changes nothing.
  await upsertFeedback(deps.db, task.id, decision.id, maskPersonalData(text), body.label, deps.clock.now());
  const queued = await retrainIfDue(deps, task);
  return c.json({ decision_id: decision.id, label: body.label, answered: decision.output, agreed: decision.output === body.label, retrain_queued: queued?.id ?? null }, 201);
});

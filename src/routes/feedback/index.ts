import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { recordFeedback } from "../../learning/feedback.ts";
import { requireDecision } from "../../http/require-task.ts";
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
  const ports = c.get("ports");
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const decision = await requireDecision(c, id);
  const outcome = await recordFeedback(ports, decision, body.label, body.text);
  if (!outcome.ok) throw new ApiError(outcome.code, outcome.message, outcome.details);
  const agreed = outcome.answered === outcome.label;
  return c.json({ decision_id: decision.id, label: outcome.label, answered: outcome.answered, agreed, retrain_queued: outcome.retrainQueued }, 201);
});

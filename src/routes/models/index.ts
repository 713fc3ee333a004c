import { createRoute, z } from "@hono/zod-openapi";
import { MODEL_STATUSES, RETRAIN_TRIGGERS, VERDICTS } from "../../../schema/enums.ts";
import { ApiError } from "../../http/errors.ts";
import { requireTask } from "../../http/require-task.ts";
import { createRouter } from "../../http/router.ts";
import { activateVersion } from "../../learning/activation.ts";
import { requestRetrain } from "../../learning/retrains.ts";
import { countExamples } from "../../storage/examples.ts";
import { findTaskModelVersion, listModelVersions, type ModelVersionRow } from "../../storage/model-versions.ts";
import { errorResponses, errorSchema, idempotencyHeaders, idempotencyResponses, idParam, isoTime, security, json } from "../common-schemas.ts";

const modelSchema = z
  .object({
    id: z.string(),
    task_id: z.string(),
    version: z.number().int(),
    status: z.enum(MODEL_STATUSES),
    active: z.boolean(),
    training_examples: z.number().int().nullable(),
    artifact_bytes: z.number().int().nullable(),
    threshold: z.number().nullable(),
    metrics: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    trigger: z.enum(RETRAIN_TRIGGERS).openapi({ description: "What asked for this version" }),
    verdict: z.enum(VERDICTS).nullable().openapi({ description: "Whether it replaced the active version when it was trained" }),
    verdict_reason: z.string().nullable(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .openapi("ModelVersion");

function modelJson(row: ModelVersionRow, activeId: string | null): z.infer<typeof modelSchema> {
  return {
    id: row.id,
    task_id: row.taskId,
    version: row.version,
    status: row.status,
    active: row.id === activeId,
    training_examples: row.trainingExamples,
    artifact_bytes: row.artifactBytes,
    threshold: row.threshold,
    metrics: row.metrics,
    error: row.error,
    trigger: row.trigger,
    verdict: row.verdict,
    verdict_reason: row.verdictReason,
    created_at: isoTime(row.createdAt)!,
    started_at: isoTime(row.startedAt),
    finished_at: isoTime(row.finishedAt),
  };
}

const versionParams = idParam.extend({ version: z.string().min(1).max(100).openapi({ param: { name: "version", in: "path" } }) });

const train = createRoute({
  method: "post",
  path: "/v1/tasks/{id}/train",
  tags: ["models"],
  security,
  summary: "Train a new model version in the background",
  request: { params: idParam, headers: idempotencyHeaders },
  responses: {
    ...idempotencyResponses,
    202: { description: "Training is queued", content: json(modelSchema) },
    422: { description: `Not enough examples to train, or ${idempotencyResponses[422].description}`, content: json(errorSchema) },
    503: { description: "The job could not be queued", content: json(errorSchema) },
    ...errorResponses,
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/tasks/{id}/models",
  tags: ["models"],
  security,
  summary: "Every model version of a task, newest first, with status and metrics",
  request: { params: idParam },
  responses: { 200: { description: "Model versions", content: json(z.object({ data: z.array(modelSchema) })) }, ...errorResponses },
});

const get = createRoute({
  method: "get",
  path: "/v1/tasks/{id}/models/{version}",
  tags: ["models"],
  security,
  summary: "One model version, by number or id",
  request: { params: versionParams },
  responses: { 200: { description: "The model version", content: json(modelSchema) }, ...errorResponses },
});

const activate = createRoute({
  method: "post",
  path: "/v1/tasks/{id}/models/{version}/activate",
  tags: ["models"],
  security,
  summary: "Make a ready version the task's active model (roll back or forward)",
  request: { params: versionParams },
  responses: {
    200: { description: "The now active version", content: json(modelSchema) },
    409: { description: "The version is not ready", content: json(errorSchema) },
    ...errorResponses,
  },
});

export const modelsRouter = createRouter()
  .openapi(train, async (c) => {
    const task = await requireTask(c, c.req.valid("param").id);
    if (task.kind !== "classify") throw new ApiError("invalid_request", "Only classification tasks train compact models");
    const ports = c.get("ports");
    if ((await countExamples(ports.db, task.id)) < 2) {
      throw new ApiError("unprocessable", "Add labelled examples (POST /v1/tasks/{id}/examples) before training");
    }
    try {
      // A version already queued or training is returned instead of a second one.
      const { version } = (await requestRetrain(ports, task, "manual"))!;
      return c.json(modelJson(version, task.activeModelId), 202);
    } catch (error) {
      throw new ApiError("unavailable", "The training job could not be queued; try again", undefined, { cause: error });
    }
  })
  .openapi(list, async (c) => {
    const task = await requireTask(c, c.req.valid("param").id);
    const rows = await listModelVersions(c.get("ports").db, task.id);
    return c.json({ data: rows.map((row) => modelJson(row, task.activeModelId)) }, 200);
  })
  .openapi(get, async (c) => {
    const params = c.req.valid("param");
    const task = await requireTask(c, params.id);
    const row = await findTaskModelVersion(c.get("ports").db, task.id, params.version);
    if (!row) throw new ApiError("not_found", `Task ${task.name} has no model version ${params.version}`);
    return c.json(modelJson(row, task.activeModelId), 200);
  })
  .openapi(activate, async (c) => {
    const params = c.req.valid("param");
    const task = await requireTask(c, params.id);
    const activation = await activateVersion(c.get("ports"), task, params.version);
    if (!activation.ok) throw new ApiError(activation.code, activation.message);
    return c.json(modelJson(activation.version, activation.version.id), 200);
  });

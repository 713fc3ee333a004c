import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../http/errors.ts";
import { requireTask } from "../../http/require-task.ts";
import { requestRetrain } from "../../learning/retrains.ts";
import { createRouter } from "../../http/router.ts";
import { describeIssues } from "../../http/validation-hook.ts";
import { countExamples, insertExamples } from "../../storage/examples.ts";
import { errorResponses, errorSchema, idempotencyHeaders, idempotencyResponses, idParam, inputText, security } from "../common-schemas.ts";

const exampleSchema = z.object({ text: inputText, label: z.string().min(1).max(100) }).openapi("Example");
const exampleList = z.array(exampleSchema).min(1).max(20_000);

// Only types that hono does not mistake for JSON (it treats anything starting "application/json" as JSON).
const JSON_LINES_TYPES = ["application/x-ndjson", "application/x-jsonlines"];

const addExamples = createRoute({
  method: "post",
  path: "/v1/tasks/{id}/examples",
  tags: ["tasks"],
  security,
  summary: "Add labelled examples (a JSON array, or JSON Lines) to a classification task",
  request: {
    params: idParam,
    headers: idempotencyHeaders,
    body: {
      // Not `required`: the JSON validator then runs only for JSON bodies, and JSON Lines are parsed here.
      required: false,
      content: {
        "application/json": { schema: exampleList },
        ...Object.fromEntries(
          JSON_LINES_TYPES.map((type) => [type, { schema: z.string().openapi({ example: '{"text":"I was charged twice","label":"billing"}\n' }) }]),
        ),
      },
    },
  },
  responses: {
    201: {
      description: "All examples were stored",
      content: {
        "application/json": {
          schema: z.object({
            task_id: z.string(),
            added: z.number().int(),
            total: z.number().int(),
            retrain_queued: z.string().nullable().openapi({ description: "The model version queued because enough labels are new, if any" }),
          }),
        },
      },
    },
    409: idempotencyResponses[409],
    415: { description: "Neither JSON nor JSON Lines", content: { "application/json": { schema: errorSchema } } },
    422: {
      description: `Some labels are not the task's; nothing was stored. Or ${idempotencyResponses[422].description}`,
      content: { "application/json": { schema: errorSchema } },
    },
    ...errorResponses,
  },
});

export const examplesRouter = createRouter().openapi(addExamples, async (c) => {
  const task = await requireTask(c, c.req.valid("param").id);
  if (task.kind !== "classify") throw new ApiError("invalid_request", "Examples belong to classification tasks");
  const examples = isJsonLines(c.req.header("content-type"))
    ? exampleList.safeParse(parseJsonLines(await c.req.text()))
    : exampleList.safeParse(c.req.valid("json"));
  if (!examples.success) {
    throw new ApiError("invalid_request", "Some examples are invalid; nothing was stored", describeIssues(examples.error.issues));
  }
  const known = new Set(task.labels.map((label) => label.name));
  const badRows = examples.data.flatMap((example, row) => (known.has(example.label) ? [] : [{ row, label: example.label }]));
  if (badRows.length > 0) {
    throw new ApiError(
      "unknown_label",
      `${badRows.length} example(s) have labels that are not the task's (rows ${badRows.slice(0, 10).map((b) => b.row).join(", ")}${badRows.length > 10 ? ", ..." : ""}); nothing was stored`,
      { bad_rows: badRows.slice(0, 100), labels: [...known] },
    );
  }
  const ports = c.get("ports");
  const added = await insertExamples(ports.db, task.id, examples.data, "import", ports.clock.now());
  const retrain = await requestRetrain(ports, task, "labels");
  return c.json({ task_id: task.id, added, total: await countExamples(ports.db, task.id), retrain_queued: retrain?.version.id ?? null }, 201);
});

function isJsonLines(contentType: string | undefined): boolean {
  return JSON_LINES_TYPES.includes((contentType ?? "").split(";")[0].trim().toLowerCase());
}

/** One JSON object a line; blank lines are skipped, and a bad line is named. */
function parseJsonLines(text: string): unknown[] {
  return text.split("\n").flatMap((line, index) => {
    if (line.trim() === "") return [];
    try {
      return [JSON.parse(line)];
    } catch {
      throw new ApiError("invalid_json", `Line ${index + 1} is not valid JSON`, { line: index + 1 });
    }
  });
}

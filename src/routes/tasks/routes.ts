import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, errorSchema, idParam, security, json } from "../common-schemas.ts";
import { createTaskBody, taskSchema, updateTaskBody } from "./schemas.ts";


export const createTask = createRoute({
  method: "post",
  path: "/v1/tasks",
  tags: ["tasks"],
  security,
  summary: "Define a classification or summarization task",
  request: { body: { content: json(createTaskBody), required: true } },
  responses: {
    201: { description: "The task", content: json(taskSchema) },
    409: { description: "A task with this name exists", content: json(errorSchema) },
    ...errorResponses,
  },
});

export const listTasks = createRoute({
  method: "get",
  path: "/v1/tasks",
  tags: ["tasks"],
  security,
  summary: "List tasks",
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: { description: "A page of tasks", content: json(z.object({ data: z.array(taskSchema), next_cursor: z.string().nullable() })) },
    ...errorResponses,
  },
});

export const getTask = createRoute({
  method: "get",
  path: "/v1/tasks/{id}",
  tags: ["tasks"],
  security,
  summary: "Get a task by id or name",
  request: { params: idParam },
  responses: { 200: { description: "The task", content: json(taskSchema) }, ...errorResponses },
});

export const updateTask = createRoute({
  method: "patch",
  path: "/v1/tasks/{id}",
  tags: ["tasks"],
  security,
  summary: "Change a task's labels, threshold, target or tiers",
  request: { params: idParam, body: { content: json(updateTaskBody), required: true } },
  responses: { 200: { description: "The updated task", content: json(taskSchema) }, ...errorResponses },
});

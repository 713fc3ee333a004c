import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, errorSchema, idParam, json, security } from "../common-schemas.ts";
import { apiKeySchema, createKeyBody, newApiKeySchema, REVOCATION_NOTE } from "./schemas.ts";

const tags = ["keys"];

const forbidden = { 403: { description: "The key is not an admin of its project, or asks for more than it has", content: json(errorSchema) } } as const;

export const createKey = createRoute({
  method: "post",
  path: "/v1/keys",
  tags,
  security,
  summary: "Create an API key for the caller's project (admin)",
  description:
    "The answer holds the key itself, shown this once: only its SHA-256 is stored. A key is created in the caller's project only and cannot have a scope, or a task, its creator lacks. `tasks` limits the key to those tasks (ids or names); a key limited to tasks sees no others (404).",
  request: { body: { content: json(createKeyBody), required: true } },
  responses: {
    201: { description: "The key, with its secret shown once", content: json(newApiKeySchema) },
    ...errorResponses,
    ...forbidden,
    422: { description: "`unprocessable`: tasks the project does not have (`details.unknown_tasks`)", content: json(errorSchema) },
  },
});

export const listKeys = createRoute({
  method: "get",
  path: "/v1/keys",
  tags,
  security,
  summary: "List the project's API keys, newest first (admin); never their secrets or hashes",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() }) },
  responses: {
    200: { description: "A page of keys, revoked and expired ones included", content: json(z.object({ data: z.array(apiKeySchema), next_cursor: z.string().nullable() })) },
    ...errorResponses,
    ...forbidden,
  },
});

export const revokeKey = createRoute({
  method: "delete",
  path: "/v1/keys/{id}",
  tags,
  security,
  summary: "Revoke an API key of the project (admin)",
  description: `${REVOCATION_NOTE} Revoking a key that is already revoked changes nothing. Another project's key is not found.`,
  request: { params: idParam },
  responses: { 204: { description: "Revoked" }, ...errorResponses, ...forbidden },
});

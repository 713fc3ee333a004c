import { createRoute } from "@hono/zod-openapi";
import { errorResponses, errorSchema, idParam, json, security } from "../common-schemas.ts";
import { createProjectBody, currentProjectSchema, newProjectSchema, projectSchema, updateProjectBody } from "./schemas.ts";

const tags = ["projects"];

export const createProject = createRoute({
  method: "post",
  path: "/v1/projects",
  tags,
  security,
  summary: "Create a project and its first admin key (bootstrap keys only)",
  description:
    "Only a bootstrap key (its SHA-256 in API_KEY_HASHES) may create projects; every other key gets 403. The answer holds the project's first API key (scope `admin`), shown this once: use it to create the project's other keys (`POST /v1/keys`).",
  request: { body: { content: json(createProjectBody), required: true } },
  responses: {
    201: { description: "The project, with its first admin key shown once", content: json(newProjectSchema) },
    ...errorResponses,
    403: { description: "`forbidden`: not a bootstrap key", content: json(errorSchema) },
  },
});

export const currentProject = createRoute({
  method: "get",
  path: "/v1/project",
  tags,
  security,
  summary: "The caller's project, and what its key may do (any key)",
  responses: { 200: { description: "The key's project", content: json(currentProjectSchema) }, ...errorResponses },
});

export const getProject = createRoute({
  method: "get",
  path: "/v1/projects/{id}",
  tags,
  security,
  summary: "Get a project's settings and today's spend (admin of that project)",
  description: "A project is visible only to its own admin keys (the bootstrap keys administer the default project); any other project's id is not found.",
  request: { params: idParam },
  responses: {
    200: { description: "The project", content: json(projectSchema) },
    ...errorResponses,
    403: { description: "`forbidden`: the key is not an admin", content: json(errorSchema) },
  },
});

export const updateProject = createRoute({
  method: "patch",
  path: "/v1/projects/{id}",
  tags,
  security,
  summary: "Rename a project or set its daily budget (admin of that project)",
  description:
    "`daily_budget_usd` caps the project's remote-tier spend per UTC day; null removes the cap. A name is a label: another project may have the same one (the id identifies a project), so a rename never answers anything about other projects.",
  request: { params: idParam, body: { content: json(updateProjectBody), required: true } },
  responses: {
    200: { description: "The updated project", content: json(projectSchema) },
    ...errorResponses,
    403: { description: "`forbidden`: the key is not an admin", content: json(errorSchema) },
  },
});

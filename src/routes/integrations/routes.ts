import { createRoute, z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES } from "../../../schema/enums.ts";
import { errorResponses, idParam, security, json } from "../common-schemas.ts";
import { createIntegrationBody, deliverySchema, integrationSchema, updateIntegrationBody } from "./schemas.ts";

const tags = ["integrations"];

export const createIntegration = createRoute({
  method: "post",
  path: "/v1/integrations",
  tags,
  security,
  summary: "Connect a GitHub repository, a Slack app or a Standard Webhooks sender",
  description: "Secrets are write-only: responses show a hint of each. Point the sender at `inbound_url`.",
  request: { body: { content: json(createIntegrationBody), required: true } },
  responses: { 201: { description: "The integration", content: json(integrationSchema) }, ...errorResponses },
});

export const listIntegrations = createRoute({
  method: "get",
  path: "/v1/integrations",
  tags,
  security,
  summary: "List integrations",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() }) },
  responses: {
    200: { description: "A page of integrations", content: json(z.object({ data: z.array(integrationSchema), next_cursor: z.string().nullable() })) },
    ...errorResponses,
  },
});

export const getIntegration = createRoute({
  method: "get",
  path: "/v1/integrations/{id}",
  tags,
  security,
  summary: "Get an integration",
  request: { params: idParam },
  responses: { 200: { description: "The integration", content: json(integrationSchema) }, ...errorResponses },
});

export const updateIntegration = createRoute({
  method: "patch",
  path: "/v1/integrations/{id}",
  tags,
  security,
  summary: "Change events, secrets (rotation) or outputs",
  description: "`secrets` replaces every signing secret: send [new, old] while the sender switches, then [new]. An output set to null is removed; a token or secret left out is kept.",
  request: { params: idParam, body: { content: json(updateIntegrationBody), required: true } },
  responses: { 200: { description: "The updated integration", content: json(integrationSchema) }, ...errorResponses },
});

export const deleteIntegration = createRoute({
  method: "delete",
  path: "/v1/integrations/{id}",
  tags,
  security,
  summary: "Delete an integration and its delivery log (decisions stay)",
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

export const listDeliveries = createRoute({
  method: "get",
  path: "/v1/integrations/{id}/deliveries",
  tags,
  security,
  summary: "Inbound deliveries, newest first, with their decisions and outputs",
  request: {
    params: idParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(100).optional(),
      status: z.enum(DELIVERY_STATUSES).optional(),
    }),
  },
  responses: {
    200: { description: "A page of deliveries", content: json(z.object({ data: z.array(deliverySchema), next_cursor: z.string().nullable() })) },
    ...errorResponses,
  },
});

export const resealIntegrations = createRoute({
  method: "post",
  path: "/v1/integrations/reseal",
  tags,
  security,
  summary: "Seal stored secrets again under the current SEALING_KEYS key (after a rotation)",
  description:
    "A project's admin key reseals its project's integrations; a bootstrap key (API_KEY_HASHES, the operator who rotates SEALING_KEYS) every project's. Up to 40 integrations a call; call again while `remaining` is above 0. Once it is 0 (and the jobs queue holds no shadow checks from before the rotation), the older key can be dropped. `unopenable` lists integrations sealed under a key no longer listed: a PATCH with their secrets mends them.",
  responses: {
    200: {
      description: "What was sealed again",
      content: json(
        z.object({
          key_version: z.string().openapi({ description: "The current sealing key's version" }),
          resealed: z.number().int(),
          remaining: z.number().int(),
          unopenable: z.array(z.string()),
        }),
      ),
    },
    ...errorResponses,
  },
});

import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../http/app-env.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { githubEvent } from "../../integrations/github-events.ts";
import { verifyGithubSignature } from "../../integrations/github-signature.ts";
import type { InboundEvent } from "../../integrations/inbound-event.ts";
import { slackEvent } from "../../integrations/slack-events.ts";
import { verifySlackSignature } from "../../integrations/slack-signature.ts";
import { standardEvent } from "../../integrations/standard-events.ts";
import { verifyStandardSignature } from "../../integrations/standard-webhooks.ts";
import type { Verification } from "../../integrations/verification.ts";
import { database } from "../../storage/database.ts";
import { findIntegration, openSecrets, type IntegrationKind, type IntegrationRow } from "../../storage/integrations.ts";
import { errorSchema, idParam } from "../common-schemas.ts";
import { acceptDelivery } from "./accept.ts";

const error = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

const SIGNATURES: Record<IntegrationKind, string> = {
  github: "`X-Hub-Signature-256` (HMAC-SHA256 of the raw body); `X-GitHub-Event` and `X-GitHub-Delivery` as GitHub sends them.",
  slack: "`X-Slack-Signature` (v0) over `v0:X-Slack-Request-Timestamp:body`, timestamp within 5 minutes.",
  standard: "`webhook-id`, `webhook-timestamp` (within 5 minutes) and `webhook-signature` (`v1,<base64>` entries, any of which may match any secret).",
};

function hookRoute(kind: IntegrationKind) {
  return createRoute({
    method: "post",
    path: `/hooks/${kind}/{id}`,
    tags: ["hooks"],
    security: [],
    summary: `Inbound ${kind} webhook`,
    description: `Signed, not authenticated with an API key: ${SIGNATURES[kind]} Verified events are recorded once per delivery id, queued, and answered 202; the classification and summary follow asynchronously.`,
    request: { params: idParam },
    responses: {
      200: { description: "A handshake answer (GitHub ping, Slack url_verification), a slash command acknowledgement, a duplicate, or an ignored event", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
      202: {
        description: "Accepted and queued",
        content: { "application/json": { schema: z.object({ delivery_id: z.string(), status: z.string(), duplicate: z.boolean() }) } },
      },
      400: error("Verified but not a payload this endpoint understands"),
      401: error("Missing, malformed or wrong signature, or a stale timestamp"),
      404: error("No integration of this kind with this id"),
      413: error("The body is larger than 1 MiB"),
      503: error("The delivery could not be queued; nothing was accepted, retry"),
    },
  });
}

function verify(kind: IntegrationKind, c: Context<AppEnv>, signing: string[], body: Uint8Array<ArrayBuffer>, now: number): Promise<Verification> {
  switch (kind) {
    case "github":
      return verifyGithubSignature(signing, body, c.req.header("x-hub-signature-256"));
    case "slack":
      return verifySlackSignature(signing, body, { timestamp: c.req.header("x-slack-request-timestamp"), signature: c.req.header("x-slack-signature") }, now);
    case "standard":
      return verifyStandardSignature(
        signing,
        body,
        { id: c.req.header("webhook-id"), timestamp: c.req.header("webhook-timestamp"), signature: c.req.header("webhook-signature") },
        now,
      );
  }
}

function inboundEvent(kind: IntegrationKind, c: Context<AppEnv>, integration: IntegrationRow, text: string): InboundEvent {
  const contentType = c.req.header("content-type");
  switch (kind) {
    case "github":
      return githubEvent({ event: c.req.header("x-github-event"), deliveryId: c.req.header("x-github-delivery"), contentType, body: text });
    case "slack":
      return slackEvent(text, contentType);
    case "standard":
      return standardEvent(text, c.req.header("webhook-id")!, integration.settings.text_pointer ?? "");
  }
}

/** Verify, record once, enqueue, answer: nothing slower than D1 and the queue runs before the answer. */
function receive(kind: IntegrationKind) {
  return async function receiveWebhook(c: Context<AppEnv>, id: string) {
    const db = database(c.env.DB);
    const integration = await findIntegration(db, id);
    if (!integration || integration.kind !== kind) throw new ApiError("not_found", `No ${kind} integration with id ${JSON.stringify(id)}`);
    const body = new Uint8Array(await c.req.arrayBuffer());
    const secrets = await openSecrets(c.get("config").DECISION_HASH_KEY, integration).catch((cause) => {
      throw new ApiError("misconfigured", "The integration's secrets cannot be opened (was DECISION_HASH_KEY changed?)", undefined, { cause });
    });
    const verification = await verify(kind, c, secrets.signing, body, Date.now());
    if (!verification.ok) throw new ApiError("unauthorized", verification.message, { reason: verification.reason });

    const inbound = inboundEvent(kind, c, integration, new TextDecoder().decode(body));
    if (inbound.type === "handshake") return c.json(inbound.body, 200);
    if (inbound.type === "malformed") throw new ApiError("invalid_request", inbound.reason);
    if (inbound.type === "ignored") return c.json({ status: "ignored", reason: inbound.reason }, 200);
    if (!integration.settings.events[inbound.event] && !integration.settings.events["*"]) {
      return c.json({ status: "ignored", reason: `No task is mapped to ${inbound.event}` }, 200);
    }
    const { delivery, duplicate } = await acceptDelivery(db, c.env.DELIVERIES, integration.id, inbound);
    // Slack shows a slash command's answer to the user; the result follows through response_url.
    if (inbound.event === "slash_command") return c.json({ response_type: "ephemeral", text: "Working on it…" }, 200);
    return c.json({ delivery_id: delivery.id, status: delivery.status, duplicate }, duplicate ? 200 : 202);
  };
}

const github = receive("github");
const slack = receive("slack");
const standard = receive("standard");

export const hooksRouter = createRouter()
  .openapi(hookRoute("github"), (c) => github(c, c.req.valid("param").id))
  .openapi(hookRoute("slack"), (c) => slack(c, c.req.valid("param").id))
  .openapi(hookRoute("standard"), (c) => standard(c, c.req.valid("param").id));

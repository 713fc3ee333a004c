import { createRoute, z } from "@hono/zod-openapi";
import type { SenderAdapter } from "../../deliveries/adapter.ts";
import { receiveWebhook } from "../../deliveries/intake.ts";
import { SENDERS } from "../../deliveries/senders.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { fromUtf8 } from "../../text/encoding.ts";
import { errorSchema, idParam } from "../common-schemas.ts";

const error = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

function hookRoute(sender: SenderAdapter) {
  return createRoute({
    method: "post",
    path: `/hooks/${sender.kind}/{id}`,
    tags: ["hooks"],
    security: [],
    summary: `Inbound ${sender.kind} webhook`,
    description: `Signed, not authenticated with an API key: ${sender.signatureHelp} Verified events are recorded once per delivery id, queued, and answered 202; the classification and summary follow asynchronously.`,
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

/** One route per registered sender: HTTP in, the intake, HTTP out. */
export const hooksRouter = SENDERS.reduce(
  (router, sender) =>
    router.openapi(hookRoute(sender), async (c) => {
      const body = new Uint8Array(await c.req.arrayBuffer());
      let text: string | undefined;
      // Decoded only when an adapter reads the payload, which it does after the signature is valid.
      const request = { header: (name: string) => c.req.header(name), body, get text() { return (text ??= fromUtf8(body)); } };
      const intake = await receiveWebhook(c.get("ports"), sender.kind, c.req.valid("param").id, request);
      switch (intake.type) {
        case "refused":
          throw new ApiError(intake.code, intake.message, intake.details, { cause: intake.cause });
        case "handshake":
          return c.json(intake.body, 200);
        case "ignored":
          return c.json({ status: "ignored", reason: intake.reason }, 200);
        case "accepted":
          if (intake.acknowledgement) return c.json(intake.acknowledgement, 200);
          return c.json({ delivery_id: intake.delivery.id, status: intake.delivery.status, duplicate: intake.duplicate }, intake.duplicate ? 200 : 202);
      }
    }),
  createRouter(),
);

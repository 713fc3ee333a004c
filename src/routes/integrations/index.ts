import type { Context } from "hono";
import type { AppEnv } from "../../http/app-env.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { database } from "../../storage/database.ts";
import { deliveryDecisions, listDeliveries, outputsOf } from "../../storage/deliveries.ts";
import * as store from "../../storage/integrations.ts";
import { isoTime } from "../common-schemas.ts";
import * as routes from "./routes.ts";
import { integrationJson } from "./schemas.ts";
import { applyOutputs, checkSigningSecrets, checkTextPointer, resolveEvents } from "./settings.ts";

async function requireIntegration(c: Context<AppEnv>, id: string): Promise<store.IntegrationRow> {
  const row = await store.findIntegration(database(c.env.DB), id);
  if (!row) throw new ApiError("not_found", `No integration with id ${JSON.stringify(id)}`);
  return row;
}

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export const integrationsRouter = createRouter()
  .openapi(routes.createIntegration, async (c) => {
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const config = c.get("config");
    checkTextPointer(body.kind, body.text_pointer);
    const events = await resolveEvents(db, body.kind, body.events);
    const signing = checkSigningSecrets(body.kind, body.secrets ?? [body.secret!]);
    const { settings, secrets } = applyOutputs(
      body.kind,
      body.outputs,
      { events, ...(body.text_pointer !== undefined && { text_pointer: body.text_pointer }) },
      { signing },
      config.ENVIRONMENT,
    );
    const row = await store.insertIntegration(db, config.DECISION_HASH_KEY, { kind: body.kind, name: body.name ?? null, settings, secrets });
    return c.json(integrationJson(row, origin(c)), 201);
  })
  .openapi(routes.listIntegrations, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await store.listIntegrations(database(c.env.DB), { after: cursor, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return c.json({ data: page.map((row) => integrationJson(row, origin(c))), next_cursor: rows.length > limit ? page[page.length - 1].id : null }, 200);
  })
  .openapi(routes.getIntegration, async (c) => c.json(integrationJson(await requireIntegration(c, c.req.valid("param").id), origin(c)), 200))
  .openapi(routes.updateIntegration, async (c) => {
    const row = await requireIntegration(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const config = c.get("config");
    if (body.text_pointer !== undefined) checkTextPointer(row.kind, body.text_pointer);
    // Sealed under an older DECISION_HASH_KEY, the stored secrets are lost: the update must send them again.
    const current = await store.openSecrets(config.DECISION_HASH_KEY, row).catch((): store.IntegrationSecrets => ({ signing: [] }));
    const events = body.events ? await resolveEvents(db, row.kind, body.events) : row.settings.events;
    const signingInput = body.secrets ?? (body.secret !== undefined ? [body.secret] : undefined);
    const signing = signingInput ? checkSigningSecrets(row.kind, signingInput) : current.signing;
    if (signing.length === 0) {
      throw new ApiError("invalid_request", "The stored secrets cannot be opened (was DECISION_HASH_KEY changed?): send `secrets` and output tokens again");
    }
    const { settings, secrets } = applyOutputs(
      row.kind,
      body.outputs,
      { ...row.settings, events, ...(body.text_pointer !== undefined && { text_pointer: body.text_pointer }) },
      { ...current, signing },
      config.ENVIRONMENT,
    );
    const updated = await store.updateIntegration(db, config.DECISION_HASH_KEY, row.id, {
      ...(body.name !== undefined && { name: body.name }),
      settings,
      secrets,
    });
    if (!updated) throw new ApiError("not_found", `No integration with id ${JSON.stringify(row.id)}`);
    return c.json(integrationJson(updated, origin(c)), 200);
  })
  .openapi(routes.deleteIntegration, async (c) => {
    const row = await requireIntegration(c, c.req.valid("param").id);
    await store.deleteIntegration(database(c.env.DB), row.id);
    return c.body(null, 204);
  })
  .openapi(routes.listDeliveries, async (c) => {
    const row = await requireIntegration(c, c.req.valid("param").id);
    const { limit, cursor, status } = c.req.valid("query");
    const db = database(c.env.DB);
    const rows = await listDeliveries(db, row.id, { before: cursor, status, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const ids = page.map((delivery) => delivery.id);
    const [decisions, outputs] = await Promise.all([deliveryDecisions(db, ids), outputsOf(db, ids)]);
    const data = page.map((delivery) => ({
      id: delivery.id,
      external_id: delivery.externalId,
      event: delivery.event,
      status: delivery.status,
      attempts: delivery.attempts,
      error: delivery.error,
      received_at: isoTime(delivery.receivedAt)!,
      processed_at: isoTime(delivery.processedAt),
      decisions: decisions
        .filter((decision) => decision.deliveryId === delivery.id)
        .map((decision) => ({ id: decision.id, kind: decision.kind, task_id: decision.taskId, output: decision.output, tier: decision.tier, status: decision.status })),
      outputs: outputs
        .filter((output) => output.deliveryId === delivery.id)
        .map((output) => ({
          kind: output.kind,
          status: output.status,
          attempts: output.attempts,
          last_status: output.lastStatus,
          error: output.error,
          sent_at: isoTime(output.sentAt),
        })),
    }));
    return c.json({ data, next_cursor: rows.length > limit ? page[page.length - 1].id : null }, 200);
  });

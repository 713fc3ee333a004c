import type { Context } from "hono";
import { SettingsError } from "../../deliveries/adapter.ts";
import { applyOutputs, checkSigningSecrets, checkTextPointer, resolveEvents } from "../../deliveries/settings.ts";
import type { AppEnv } from "../../http/app-env.ts";
import { ApiError } from "../../http/errors.ts";
import { createRouter } from "../../http/router.ts";
import { mayUseTask } from "../../projects/caller.ts";
import { decisionJson } from "../../decision-log/decision-json.ts";
import { deliveryDecisions, listDeliveries, outputsOf } from "../../storage/deliveries.ts";
import * as store from "../../storage/integrations.ts";
import { isoTime } from "../common-schemas.ts";
import * as routes from "./routes.ts";
import { integrationJson } from "./schemas.ts";
import { pageOf } from "../paging.ts";

async function requireIntegration(c: Context<AppEnv>, id: string): Promise<store.IntegrationRow> {
  const row = await store.findIntegration(c.get("ports").db, c.get("caller").projectId, id);
  if (!row) throw new ApiError("not_found", `No integration with id ${JSON.stringify(id)}`);
  return row;
}

/** The tasks an integration maps to: the caller's project's, and those its key may use. */
function resolveCallerEvents(c: Context<AppEnv>, kind: store.IntegrationKind, events: Parameters<typeof resolveEvents>[3]) {
  const caller = c.get("caller");
  return resolveEvents(c.get("ports").db, caller.projectId, kind, events, (taskId) => mayUseTask(caller, taskId));
}

/** Settings problems are validation errors of the body, at their path. */
async function validSettings<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new ApiError("invalid_request", `Invalid request: ${error.path}: ${error.message}`, [{ path: error.path, message: error.message }]);
  }
}

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/** Integrations sealed again a call: one D1 statement each, within the free plan's 50 a request. */
const RESEAL_BATCH = 40;

export const integrationsRouter = createRouter()
  .openapi(routes.createIntegration, async (c) => {
    const body = c.req.valid("json");
    const { db, config, clock } = c.get("ports");
    const { settings, secrets } = await validSettings(async () => {
      checkTextPointer(body.kind, body.text_pointer);
      const events = await resolveCallerEvents(c, body.kind, body.events);
      const signing = checkSigningSecrets(body.kind, body.secrets ?? [body.secret!]);
      const base = { events, ...(body.text_pointer !== undefined && { text_pointer: body.text_pointer }) };
      return applyOutputs(body.kind, body.outputs, base, { signing }, config.ENVIRONMENT);
    });
    const row = await store.insertIntegration(db, config.sealingKeys, { projectId: c.get("caller").projectId, kind: body.kind, name: body.name ?? null, settings, secrets }, clock.now());
    return c.json(integrationJson(row, origin(c)), 201);
  })
  .openapi(routes.resealIntegrations, async (c) => {
    const { db, config, clock } = c.get("ports");
    // A bootstrap key (the operator, who rotates SEALING_KEYS) reseals every project's; a project's admin key its own.
    const caller = c.get("caller");
    const outcome = await store.resealIntegrations(db, config.sealingKeys, RESEAL_BATCH, clock.now(), caller.bootstrap ? null : caller.projectId);
    return c.json({ key_version: config.sealingKeys.current.version, ...outcome }, 200);
  })
  .openapi(routes.listIntegrations, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await store.listIntegrations(c.get("ports").db, c.get("caller").projectId, { after: cursor, limit: limit + 1 });
    const { page, nextCursor } = pageOf(rows, limit);
    return c.json({ data: page.map((row) => integrationJson(row, origin(c))), next_cursor: nextCursor }, 200);
  })
  .openapi(routes.getIntegration, async (c) => c.json(integrationJson(await requireIntegration(c, c.req.valid("param").id), origin(c)), 200))
  .openapi(routes.updateIntegration, async (c) => {
    const row = await requireIntegration(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    const { db, config, clock } = c.get("ports");
    // Sealed under a key SEALING_KEYS no longer lists, the stored secrets are lost: the update must send them
    // again. Every update seals them again under the current key.
    const current = await store.openSecrets(config.sealingKeys, row).catch((): store.IntegrationSecrets => ({ signing: [] }));
    const { settings, secrets } = await validSettings(async () => {
      if (body.text_pointer !== undefined) checkTextPointer(row.kind, body.text_pointer);
      const events = body.events ? await resolveCallerEvents(c, row.kind, body.events) : row.settings.events;
      const signingInput = body.secrets ?? (body.secret !== undefined ? [body.secret] : undefined);
      const signing = signingInput ? checkSigningSecrets(row.kind, signingInput) : current.signing;
      if (signing.length === 0) {
        throw new ApiError("invalid_request", "The stored secrets cannot be opened (sealed under a key SEALING_KEYS no longer lists?): send `secrets` and output tokens again");
      }
      const base = { ...row.settings, events, ...(body.text_pointer !== undefined && { text_pointer: body.text_pointer }) };
      return applyOutputs(row.kind, body.outputs, base, { ...current, signing }, config.ENVIRONMENT);
    });
    const changes = { ...(body.name !== undefined && { name: body.name }), settings, secrets };
    const updated = await store.updateIntegration(db, config.sealingKeys, row.id, changes, clock.now());
    if (!updated) throw new ApiError("not_found", `No integration with id ${JSON.stringify(row.id)}`);
    return c.json(integrationJson(updated, origin(c)), 200);
  })
  .openapi(routes.deleteIntegration, async (c) => {
    const row = await requireIntegration(c, c.req.valid("param").id);
    await store.deleteIntegration(c.get("ports").db, row.id);
    return c.body(null, 204);
  })
  .openapi(routes.listDeliveries, async (c) => {
    const row = await requireIntegration(c, c.req.valid("param").id);
    const { limit, cursor, status } = c.req.valid("query");
    const { db } = c.get("ports");
    const rows = await listDeliveries(db, row.id, { before: cursor, status, limit: limit + 1 });
    const { page, nextCursor } = pageOf(rows, limit);
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
      decisions: decisions.filter((decision) => decision.deliveryId === delivery.id).map((decision) => decisionJson(decision)),
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
    return c.json({ data, next_cursor: nextCursor }, 200);
  });

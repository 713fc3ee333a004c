import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { DELIVERIES_QUEUE } from "../../src/deliveries/messages.ts";
import { apiJson } from "../support/api.ts";
import { countingD1 } from "../support/counting-d1.ts";

const handler = worker as ExportedHandler<Env>;

afterEach(() => vi.restoreAllMocks());

/** Every entry point validates the configuration before anything else and names what is wrong. */
describe("a misconfigured Worker at every entry point", () => {
  it("fetch: every route that needs the configuration, /health included, answers 500 misconfigured naming it", async () => {
    for (const path of ["/health", "/v1/tasks", "/hooks/github/int_missing"]) {
      const { status, body } = await apiJson(path, { method: path.startsWith("/hooks") ? "POST" : "GET", env: { SEALING_KEYS: undefined, DECISION_HASH_KEY: undefined } });
      expect(status, path).toBe(500);
      expect(body.error.code, path).toBe("misconfigured");
      expect(body.error.message, path).toMatch(/SEALING_KEYS is not set/);
    }
    const production = await apiJson("/health", { env: { ENVIRONMENT: "production" } });
    expect(production.status).toBe(500);
    expect(production.body.error.message).toMatch(/ENVIRONMENT is production but API_KEY_HASHES accepts the test key/);
  });

  it("scheduled: logs what is wrong and touches nothing", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const d1 = countingD1(env.DB);
    const ctx = createExecutionContext();
    await handler.scheduled!(createScheduledController({ cron: "17 * * * *" }), { ...env, DB: d1.binding, HASH_KEYS: "v1:short" } as Env, ctx);
    await waitOnExecutionContext(ctx);
    expect(d1.statements).toBe(0);
    expect(errors.mock.calls.flat().join(" ")).toMatch(/HASH_KEYS v1's secret must be at least 32 characters/);
  });

  it("queue: acks nothing, retries every message later and logs what is wrong", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const d1 = countingD1(env.DB);
    const batch = createMessageBatch(DELIVERIES_QUEUE, [
      { id: "cfg-1", timestamp: new Date(), attempts: 1, body: { type: "delivery", delivery_id: "dlv_x" } },
      { id: "cfg-2", timestamp: new Date(), attempts: 1, body: { type: "delivery", delivery_id: "dlv_y" } },
    ]);
    const ctx = createExecutionContext();
    await handler.queue!(batch, { ...env, DB: d1.binding, ENVIRONMENT: "production" } as Env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryBatch.retry || result.retryMessages.length === 2).toBe(true);
    expect(d1.statements).toBe(0);
    expect(errors.mock.calls.flat().join(" ")).toMatch(/ENVIRONMENT is production but/);
  });
});

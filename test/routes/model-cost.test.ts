import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson } from "../support/api.ts";
import { OPENAI_ENV, answer, openAiDouble } from "../support/large-model-doubles.ts";
import { createTrainedTask } from "../support/tasks.ts";

afterEach(() => vi.restoreAllMocks());

/** A model no price table lists, behind the OpenAI-compatible double. */
const UNPRICED = { ...OPENAI_ENV, OPENAI_MODEL: "acme-private-13b" };
const TEXT = "the new export is weird on my invoice page";

let task: any;
beforeAll(async () => {
  // A threshold no edge answer reaches, so every text asks the large model.
  task = await createTrainedTask({ threshold: 0.999 });
});

async function classified(env: Record<string, string>) {
  const { status, body } = await apiJson("/v1/classify", { env, body: { task: task.name, text: TEXT } });
  expect(status).toBe(200);
  const logged = (await apiJson(`/v1/decisions/${body.decision_id}`)).body;
  return { body, logged };
}

/** The row as D1 has it: the column, not its JSON form. */
async function storedCost(decisionId: string) {
  return env.DB.prepare("SELECT cost_usd, cost_known, tiers FROM decisions WHERE id = ?").bind(decisionId).first<{ cost_usd: number | null; cost_known: number; tiers: string }>();
}

describe("cost is known or says it is not", () => {
  it("a model without a price is logged at cost null and cost_known false, never 0: in the answer, the log and the row", async () => {
    openAiDouble(answer("account", 0.9));
    const { body, logged } = await classified(UNPRICED);
    expect(body).toMatchObject({ tier: "large", model: "acme-private-13b", label: "account", usage: { input_tokens: 180, output_tokens: 12, estimated: false } });
    for (const decision of [body, logged]) {
      expect(decision).toMatchObject({ cost_usd: null, cost_known: false });
      expect(decision.tiers[0]).toMatchObject({ tier: "edge", cost_usd: 0, cost_known: true });
      expect(decision.tiers[1]).toMatchObject({ tier: "large", model: "acme-private-13b", cost_usd: null, cost_known: false });
    }
    const listed = (await apiJson(`/v1/decisions?task=${task.id}&limit=1`)).body.data[0];
    expect(listed).toMatchObject({ decision_id: body.decision_id, cost_usd: null, cost_known: false });

    const row = await storedCost(body.decision_id);
    expect(row).toMatchObject({ cost_usd: null, cost_known: 0 });
    expect(JSON.parse(row!.tiers)[1]).toMatchObject({ cost_usd: null, cost_known: false, usage_estimated: false });
  });

  it("with MODEL_PRICES set for it, the call costs its tokens at that price", async () => {
    openAiDouble(answer("account", 0.9));
    const prices = JSON.stringify({ "acme-private-13b": { input_per_million_usd: 2, output_per_million_usd: 10 } });
    const { body, logged } = await classified({ ...UNPRICED, MODEL_PRICES: prices });
    const cost = (180 * 2 + 12 * 10) / 1_000_000;
    for (const decision of [body, logged]) {
      expect(decision.cost_known).toBe(true);
      expect(decision.cost_usd).toBeCloseTo(cost, 12);
      expect(decision.tiers[1].cost_known).toBe(true);
      expect(decision.tiers[1].cost_usd).toBeCloseTo(cost, 12);
    }
    expect((await storedCost(body.decision_id))!.cost_known).toBe(1);
  });

  it("MODEL_PRICES wins over the built-in price of a model", async () => {
    openAiDouble(answer("account", 0.9));
    const builtIn = await classified(OPENAI_ENV);
    expect(builtIn.body.cost_usd).toBeCloseTo((180 * 0.293 + 12 * 2.253) / 1_000_000, 12);
    openAiDouble(answer("account", 0.9));
    const prices = JSON.stringify({ [OPENAI_ENV.OPENAI_MODEL]: { input_per_million_usd: 1, output_per_million_usd: 1 } });
    const own = await classified({ ...OPENAI_ENV, MODEL_PRICES: prices });
    expect(own.body.cost_usd).toBeCloseTo(192 / 1_000_000, 12);
  });

  it("tokens counted from characters because the endpoint reported none are marked estimated, per tier and in the decision", async () => {
    openAiDouble({ kind: "unmetered", label: "billing" });
    const { body, logged } = await classified(OPENAI_ENV);
    for (const decision of [body, logged]) {
      expect(decision.usage.estimated).toBe(true);
      expect(decision.tiers[0].usage.estimated).toBe(false);
      expect(decision.tiers[1].usage).toMatchObject({ estimated: true, input_tokens: expect.any(Number) });
      expect(decision.tiers[1].usage.input_tokens).toBeGreaterThan(0);
      // The price is known; the tokens it is applied to are an estimate.
      expect(decision.cost_known).toBe(true);
      expect(decision.cost_usd).toBeGreaterThan(0);
    }
    expect(JSON.parse((await storedCost(body.decision_id))!.tiers)[1].usage_estimated).toBe(true);
  });

  it("failed calls to a model without a price leave the cost unknown; to a priced model, with no tokens reported, they cost 0", async () => {
    openAiDouble({ kind: "status", status: 503 });
    const unpriced = await classified(UNPRICED);
    expect(unpriced.body).toMatchObject({ status: "degraded", tier: "edge", cost_usd: null, cost_known: false });
    expect(unpriced.logged.tiers[1]).toMatchObject({ attempts: 3, usage: { input_tokens: 0, output_tokens: 0 }, cost_usd: null, cost_known: false });

    openAiDouble({ kind: "status", status: 503 });
    const priced = await classified(OPENAI_ENV);
    expect(priced.body).toMatchObject({ status: "degraded", cost_usd: 0, cost_known: true });
  });

  it("every decision of a batch carries its own cost", async () => {
    openAiDouble(answer("bug", 0.9));
    const { body } = await apiJson("/v1/classify", { env: UNPRICED, body: { task: task.name, texts: [TEXT, "the app crashed again"] } });
    expect(body.results).toHaveLength(2);
    for (const result of body.results) expect(result).toMatchObject({ cost_usd: null, cost_known: false });
  });
});

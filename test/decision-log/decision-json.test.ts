import { describe, expect, it } from "vitest";
import type { TierAttemptRecord } from "../../schema/decisions.ts";
import { decisionJson, decisionSchema } from "../../src/decision-log/decision-json.ts";
import type { DecisionRow } from "../../src/storage/decisions.ts";

const attempt = (fields: Partial<TierAttemptRecord>): TierAttemptRecord => ({
  tier: "large",
  provider: "openai-compatible",
  model: "acme-private-13b",
  output: "bug",
  confidence: 0.9,
  latency_ms: 120,
  attempts: 1,
  error: null,
  input_tokens: 180,
  output_tokens: 12,
  cost_usd: 0,
  warnings: [],
  ...fields,
});

const edge = attempt({ tier: "edge", provider: "edge", model: "v1", input_tokens: 0, output_tokens: 0 });

const row = (fields: Partial<DecisionRow>): DecisionRow => ({
  id: "dec_01J0000000000000000000000",
  createdAt: Date.UTC(2026, 0, 1),
  requestId: "req_test",
  projectId: "prj_default",
  keyId: null,
  metadata: null,
  taskId: "task_test",
  kind: "classify",
  source: "api",
  inputHash: "0".repeat(64),
  inputChars: 10,
  output: "bug",
  outputHash: "1".repeat(64),
  outputChars: 3,
  confidence: 0.9,
  tier: "large",
  model: "acme-private-13b",
  status: "ok",
  fallbackReason: "low_confidence",
  fallbackFrom: "edge",
  fallbackOutcome: "answered",
  fallbackTo: "large",
  fallbackError: null,
  errorCode: null,
  error: null,
  tiers: [],
  latencyMs: 130,
  inputTokens: 180,
  outputTokens: 12,
  costUsd: null,
  costKnown: false,
  energyWh: 0.01,
  largeOnlyCostUsd: null,
  largeOnlyEnergyWh: null,
  deliveryId: null,
  ...fields,
});

describe("the decision JSON's cost and usage", () => {
  it("shows an unknown cost as null with cost_known false, per tier and for the decision", () => {
    const json = decisionJson(row({ tiers: [{ ...edge, cost_known: true }, attempt({ cost_usd: null, cost_known: false, usage_estimated: true })] }));
    expect(decisionSchema.parse(json)).toEqual(json);
    expect(json).toMatchObject({ cost_usd: null, cost_known: false, usage: { input_tokens: 180, output_tokens: 12, estimated: true } });
    expect(json.tiers.map((t) => [t.cost_usd, t.cost_known, t.usage.estimated])).toEqual([[0, true, false], [null, false, true]]);
  });

  it("reads rows from before prices could be unknown: the remote tier migration 0005 found unpriced is unknown", () => {
    const legacy = decisionJson(row({ tiers: [edge, attempt({ cost_usd: 0 })] }));
    expect(legacy).toMatchObject({ cost_usd: null, cost_known: false });
    expect(legacy.tiers.map((t) => [t.cost_usd, t.cost_known])).toEqual([[0, true], [null, false]]);

    const priced = decisionJson(row({ costUsd: 80e-6, costKnown: true, tiers: [edge, attempt({ model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast", cost_usd: 80e-6 })] }));
    expect(priced).toMatchObject({ cost_usd: 80e-6, cost_known: true });
    expect(priced.tiers.map((t) => [t.cost_usd, t.cost_known, t.usage.estimated])).toEqual([[0, true, false], [80e-6, true, false]]);
  });
});

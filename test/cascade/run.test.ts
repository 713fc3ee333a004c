import { describe, expect, it } from "vitest";
import { runCascade } from "../../src/cascade/run.ts";
import type { Clock, Tier, TierAnswer } from "../../src/cascade/types.ts";
import { ProviderError } from "../../src/models/provider-error.ts";

/** A clock that only moves when the cascade sleeps, so retries take no real time. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

type Step = TierAnswer<string> | ProviderError;

function tier(name: string, threshold: number, steps: Step[], options: Partial<Tier<string>> = {}): Tier<string> & { calls: number } {
  const t: Tier<string> & { calls: number } = {
    name,
    provider: name === "edge" ? "edge" : "openai-compatible",
    model: `${name}-model`,
    threshold,
    retry: { maxAttempts: 3, timeoutMs: 1000, deadlineMs: 10_000, baseDelayMs: 100 },
    calls: 0,
    async run(): Promise<TierAnswer<string>> {
      const step = steps[Math.min(t.calls++, steps.length - 1)];
      if (step instanceof ProviderError) throw step;
      return step;
    },
    costUsd: (u: { inputTokens: number }) => u.inputTokens * 1e-6,
    energyWh: () => 0.001,
    ...options,
  };
  return t;
}

const said = (output: string, confidence: number, inputTokens = 0): TierAnswer<string> => ({
  output,
  confidence,
  usage: { inputTokens, outputTokens: 0 },
  warnings: [],
});

describe("runCascade", () => {
  it("answers at the first tier that reaches its threshold", async () => {
    const large = tier("large", 0, [said("b", 0.9, 100)]);
    const decision = await runCascade([tier("edge", 0.7, [said("a", 0.8)]), large], fakeClock());
    expect(decision).toMatchObject({ output: "a", tier: "edge", status: "ok", fallback: null, costUsd: 0 });
    expect(large.calls).toBe(0);
  });

  it("answers at the threshold itself (at or above)", async () => {
    const decision = await runCascade([tier("edge", 0.7, [said("a", 0.7)]), tier("large", 0, [said("b", 1)])], fakeClock());
    expect(decision.tier).toBe("edge");
  });

  it("falls through on low confidence, and the last tier answers whatever its confidence", async () => {
    const decision = await runCascade([tier("edge", 0.9, [said("a", 0.5)]), tier("large", 0.99, [said("b", 0.1, 100)])], fakeClock());
    expect(decision).toMatchObject({ output: "b", tier: "large", status: "ok", confidence: 0.1 });
    expect(decision.fallback).toEqual({ reason: "low_confidence", from: "edge", to: "large", outcome: "answered", error: null });
    expect(decision.costUsd).toBeCloseTo(100e-6);
    expect(decision.tiers.map((t) => t.output)).toEqual(["a", "b"]);
  });

  it("degrades to the most confident lower-tier answer when the large tier fails", async () => {
    const failing = tier("large", 0, [new ProviderError("server_error", "boom")]);
    const decision = await runCascade([tier("edge", 0.9, [said("a", 0.6)]), tier("middle", 0.9, [said("c", 0.8)]), failing], fakeClock());
    expect(decision).toMatchObject({ output: "c", tier: "middle", status: "degraded" });
    expect(decision.fallback).toMatchObject({ reason: "low_confidence", from: "edge", to: "large", outcome: "failed", error: { code: "server_error" } });
    expect(failing.calls).toBe(3);
  });

  it("backs off exponentially between retries, within the deadline", async () => {
    const clock = fakeClock();
    const failing = tier("large", 0, [new ProviderError("timeout", "slow")]);
    await runCascade([failing], clock);
    expect(failing.calls).toBe(3);
    expect(clock.slept).toHaveLength(2);
    expect(clock.slept[0]).toBeLessThanOrEqual(100);
    expect(clock.slept[1]).toBeLessThanOrEqual(200);
  });

  it("honours Retry-After, and stops when the wait would pass the deadline", async () => {
    const clock = fakeClock();
    const limited = tier("large", 0, [new ProviderError("rate_limited", "slow down", { retryAfterMs: 4000 })]);
    limited.retry = { ...limited.retry, deadlineMs: 6000 };
    await runCascade([limited], clock);
    expect(clock.slept).toEqual([4000]);
    expect(limited.calls).toBe(2);
  });

  it("does not retry errors a retry cannot fix", async () => {
    const failing = tier("large", 0, [new ProviderError("client_error", "bad request")]);
    const decision = await runCascade([failing], fakeClock());
    expect(failing.calls).toBe(1);
    expect(decision).toMatchObject({ status: "failed", output: null, error: { code: "client_error" } });
  });

  it("records an edge failure as edge_error and lets the large tier answer", async () => {
    const decision = await runCascade(
      [tier("edge", 0.5, [new ProviderError("server_error", "weights unreadable")], { retry: { maxAttempts: 1, timeoutMs: 10, deadlineMs: 10, baseDelayMs: 0 } }), tier("large", 0, [said("b", 0.9)])],
      fakeClock(),
    );
    expect(decision.fallback).toMatchObject({ reason: "edge_error", from: "edge", to: "large", outcome: "answered" });
  });

  it("reports no_model when the edge tier has no model", async () => {
    const noModel = tier("edge", 0.5, [], { unavailable: new ProviderError("no_model", "no model yet") });
    const decision = await runCascade([noModel, tier("large", 0, [said("b", 0.9)])], fakeClock());
    expect(decision.fallback).toMatchObject({ reason: "no_model", outcome: "answered" });
    expect(decision.tiers[0]).toMatchObject({ tier: "edge", attempts: 0, error: { code: "no_model" } });
  });

  it("says the large tier was unavailable when it is not configured", async () => {
    const missing = tier("large", 0, [], { unavailable: new ProviderError("not_configured", "none") });
    const decision = await runCascade([tier("edge", 0.9, [said("a", 0.4)]), missing], fakeClock());
    expect(decision).toMatchObject({ output: "a", status: "degraded" });
    expect(decision.fallback).toMatchObject({ reason: "low_confidence", to: "large", outcome: "unavailable", error: { code: "not_configured" } });
  });

  it("a tier without a known price makes the decision's cost unknown, not the sum of the others", async () => {
    const unpriced = tier("large", 0, [said("b", 0.9, 100)], { costUsd: () => null });
    const decision = await runCascade([tier("middle", 0.99, [said("a", 0.5, 50)]), unpriced], fakeClock());
    expect(decision.tiers[0].costUsd).toBeCloseTo(50e-6);
    expect(decision.tiers[1].costUsd).toBeNull();
    expect(decision.costUsd).toBeNull();
  });

  it("passes each tier the number of calls it made, and marks the decision's usage estimated when a tier's was", async () => {
    const calls: number[] = [];
    const estimated: TierAnswer<string> = { ...said("b", 0.9), usage: { inputTokens: 40, outputTokens: 2, estimated: true } };
    const large = tier("large", 0, [new ProviderError("server_error", "boom"), estimated], {
      costUsd: (_usage, n = 1) => (calls.push(n), 0),
    });
    const decision = await runCascade([tier("edge", 0.9, [said("a", 0.4)]), large], fakeClock());
    expect(calls).toEqual([2]);
    expect(decision.tiers[1].usage).toEqual({ inputTokens: 40, outputTokens: 2, estimated: true });
    expect(decision.usage).toEqual({ inputTokens: 40, outputTokens: 2, estimated: true });
    expect(decision.tiers[0].usage.estimated).toBeUndefined();
  });
});

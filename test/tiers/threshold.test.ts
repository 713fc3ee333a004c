import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.ts";
import { tierThreshold } from "../../src/tiers/threshold.ts";

const config = { ...readConfig(env), DEFAULT_THRESHOLD: 0.7, MIDDLE_THRESHOLD: 0.8, SUMMARY_THRESHOLD: 0.35 };
const edge = { provider: "edge" as const };
const task = (threshold: number | null, driftThreshold: number | null = null) => ({ threshold, driftThreshold });

describe("the one threshold rule", () => {
  it("a threshold in the tier spec wins over everything", () => {
    expect(tierThreshold({ spec: { provider: "edge", threshold: 0.42 }, kind: "classify", task: task(0.9, 0.95), versionThreshold: 0.6, config })).toBe(0.42);
    expect(tierThreshold({ spec: { provider: "workers-ai", threshold: 0.5 }, kind: "classify", task: task(0.9), versionThreshold: null, config })).toBe(0.5);
  });

  it("a remote tier without one uses MIDDLE_THRESHOLD, whatever the task says", () => {
    expect(tierThreshold({ spec: { provider: "openai-compatible" }, kind: "classify", task: task(0.2), versionThreshold: 0.3, config })).toBe(0.8);
  });

  it("the edge uses the task's own threshold, then the calibrated one raised by drift, then the default", () => {
    expect(tierThreshold({ spec: edge, kind: "classify", task: task(0.55, 0.99), versionThreshold: 0.6, config })).toBe(0.55);
    expect(tierThreshold({ spec: edge, kind: "classify", task: task(null), versionThreshold: 0.6, config })).toBe(0.6);
    expect(tierThreshold({ spec: edge, kind: "classify", task: task(null, 0.75), versionThreshold: 0.6, config })).toBe(0.75);
    expect(tierThreshold({ spec: edge, kind: "classify", task: task(null, 0.5), versionThreshold: 0.6, config })).toBe(0.6);
    expect(tierThreshold({ spec: edge, kind: "classify", task: task(null), versionThreshold: null, config })).toBe(0.7);
  });

  it("an edge summary uses the task's threshold or SUMMARY_THRESHOLD", () => {
    expect(tierThreshold({ spec: edge, kind: "summarize", task: null, versionThreshold: null, config })).toBe(0.35);
    expect(tierThreshold({ spec: edge, kind: "summarize", task: task(0.5), versionThreshold: null, config })).toBe(0.5);
  });
});

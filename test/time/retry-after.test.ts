import { describe, expect, it } from "vitest";
import { deliveryRetryDelaySeconds, jobRetryDelaySeconds, modelRetryDelayMs } from "../../src/time/backoff.ts";
import { parseRetryAfterMs } from "../../src/time/retry-after.ts";

const NOW = Date.parse("2026-12-01T10:00:00Z");

describe("Retry-After", () => {
  it("reads delta-seconds, fractional seconds and HTTP dates as milliseconds from now", () => {
    expect(parseRetryAfterMs("3", NOW)).toBe(3000);
    expect(parseRetryAfterMs(" 1.5 ", NOW)).toBe(1500);
    expect(parseRetryAfterMs("Tue, 01 Dec 2026 10:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfterMs("Tue, 01 Dec 2026 09:00:00 GMT", NOW)).toBe(0);
  });

  it("is null when absent or unreadable", () => {
    for (const header of [null, undefined, "", "soon", "-5", "1e3"]) expect(parseRetryAfterMs(header, NOW)).toBeNull();
  });
});

describe("backoff schedules", () => {
  it("model calls back off exponentially with full jitter", () => {
    expect([1, 2, 3].map((n) => modelRetryDelayMs(n, 250, () => 1))).toEqual([250, 500, 1000]);
    expect(modelRetryDelayMs(3, 250, () => 0)).toBe(0);
  });

  it("jobs wait 10 s, 20 s, 40 s ... at most five minutes", () => {
    expect([1, 2, 3, 4, 10].map(jobRetryDelaySeconds)).toEqual([10, 20, 40, 80, 300]);
  });

  it("deliveries follow the documented schedule within ±20%, and a longer Retry-After wins", () => {
    expect([1, 2, 8, 9].map((n) => deliveryRetryDelaySeconds(n, null, () => 0.5))).toEqual([10, 30, 14400, 14400]);
    expect(deliveryRetryDelaySeconds(1, null, () => 0)).toBe(8);
    expect(deliveryRetryDelaySeconds(1, null, () => 1)).toBe(12);
    expect(deliveryRetryDelaySeconds(1, 900, () => 0.5)).toBe(900);
    expect(deliveryRetryDelaySeconds(1, 999_999, () => 0.5)).toBe(12 * 3600);
  });
});

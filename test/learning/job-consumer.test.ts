import { describe, expect, inject, it } from "vitest";
import { JOBS_MAX_RETRIES } from "../../src/learning/job-consumer.ts";

describe("the jobs queue consumer", () => {
  it("gives up on the last delivery wrangler.toml's max_retries allows, not one before", () => {
    expect(inject("queueMaxRetries")["edge-cascade-jobs"]).toBe(JOBS_MAX_RETRIES);
  });
});

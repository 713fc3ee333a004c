import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { apiJson } from "../support/api.ts";
import { createTrainedTask } from "../support/tasks.ts";

let task: any;
beforeAll(async () => {
  task = await createTrainedTask();
});

describe("any input string", () => {
  it("gives a well-formed response and exactly one decision row", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.lorem({ maxCount: 30 })), async (text) => {
        const before = await apiJson(`/v1/decisions?task=${task.id}&limit=1`);
        const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, text } });
        if (text.trim() === "") {
          expect(status).toBe(400);
          expect(body.error.code).toBe("invalid_request");
          const after = await apiJson(`/v1/decisions?task=${task.id}&limit=1`);
          expect(after.body.data[0]?.decision_id).toBe(before.body.data[0]?.decision_id);
          return;
        }
        expect(status).toBe(200);
        expect(["billing", "bug", "account"]).toContain(body.label);
        expect(body.confidence).toBeGreaterThanOrEqual(0);
        expect(body.confidence).toBeLessThanOrEqual(1);
        expect(["ok", "degraded"]).toContain(body.status);
        expect(body.decision_id).toMatch(/^dec_/);
        const after = await apiJson(`/v1/decisions?task=${task.id}&limit=2`);
        expect(after.body.data[0].decision_id).toBe(body.decision_id);
        expect(after.body.data[1]?.decision_id).toBe(before.body.data[0]?.decision_id);
        expect(after.body.data[0].input_chars).toBe(text.length);
      }),
      { numRuns: 60, seed: 20261127 },
    );
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { apiJson } from "../support/api.ts";
import { createTrainedTask, uniqueName } from "../support/tasks.ts";

const ARTICLE = [
  "Harbour City council has approved a plan to replace its ageing tram fleet with 40 low-floor vehicles by 2029.",
  "The scheme, agreed on Tuesday by 31 votes to 9, will be paid for by a mix of central government grants and local borrowing.",
  "Council leader Maria Okafor said the new trams would cut journey times on the busiest routes by up to a fifth.",
  "The existing fleet, built in the early 1990s, has suffered repeated breakdowns, with almost one in ten services cancelled last winter.",
].join(" ");

let task: any;
/** Unique per run: storage is shared by the tests of a file. */
const run = uniqueName("run");

beforeAll(async () => {
  task = await createTrainedTask();
});

describe("request metadata", () => {
  it("is stored with every decision of a classify batch and shown in the decision JSON", async () => {
    const metadata = { run, customer: "acme", "ticket.id": "T-1042", "a_b-c": "" };
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, texts: ["refund my payment", "the app crashes"], metadata } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.results.map((r: any) => r.metadata)).toEqual([metadata, metadata]);
    const logged = await apiJson(`/v1/decisions/${body.results[0].decision_id}`);
    expect(logged.body.metadata).toEqual(metadata);
  });

  it("is stored with a summary", async () => {
    const { status, body } = await apiJson("/v1/summarize", { body: { text: ARTICLE, metadata: { run, kind: "summary" } } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.metadata).toEqual({ run, kind: "summary" });
    expect((await apiJson(`/v1/decisions/${body.decision_id}`)).body.metadata).toEqual({ run, kind: "summary" });
  });

  it("is {} on a decision whose request sent none", async () => {
    const { body } = await apiJson("/v1/classify", { body: { task: task.name, text: "I cannot log in" } });
    expect(body.metadata).toEqual({});
  });

  it("filters GET /v1/decisions with metadata.KEY=VALUE, every pair required", async () => {
    const tagged = (customer: string, tier: string) => ({ run: `${run}-f`, customer, tier });
    const acmeGold = (await apiJson("/v1/classify", { body: { task: task.name, text: "refund please", metadata: tagged("acme", "gold") } })).body;
    const acmeFree = (await apiJson("/v1/classify", { body: { task: task.name, text: "refund please", metadata: tagged("acme", "free") } })).body;
    const globex = (await apiJson("/v1/classify", { body: { task: task.name, text: "refund please", metadata: tagged("globex", "gold") } })).body;
    // Not the same key: a value that only another key has does not match.
    await apiJson("/v1/classify", { body: { task: task.name, text: "refund please", metadata: { run: `${run}-f`, owner: "acme" } } });

    const ids = async (query: string) => {
      const { status, body } = await apiJson(`/v1/decisions?${query}`);
      expect(status, JSON.stringify(body)).toBe(200);
      return body.data.map((d: any) => d.decision_id);
    };
    const r = encodeURIComponent(`${run}-f`);
    expect(await ids(`metadata.run=${r}&metadata.customer=acme`)).toEqual([acmeFree.decision_id, acmeGold.decision_id]);
    expect(await ids(`metadata.run=${r}&metadata.customer=acme&metadata.tier=gold`)).toEqual([acmeGold.decision_id]);
    expect(await ids(`metadata.run=${r}&metadata.tier=gold&task=${task.name}`)).toEqual([globex.decision_id, acmeGold.decision_id]);
    expect(await ids(`metadata.run=${r}&metadata.customer=initech`)).toEqual([]);
    expect(await ids(`metadata.run=${r}`)).toHaveLength(4);
  });

  it("matches keys with dots and dashes exactly, and values as text", async () => {
    const { body } = await apiJson("/v1/classify", { body: { task: task.name, text: "refund", metadata: { run: `${run}-k`, "order.id": "42", "x-y": "a\"b'c" } } });
    const found = await apiJson(`/v1/decisions?metadata.run=${run}-k&metadata.order.id=42&metadata.x-y=${encodeURIComponent("a\"b'c")}`);
    expect(found.body.data.map((d: any) => d.decision_id)).toEqual([body.decision_id]);
    // `order` alone is another key, not a path into `order.id`.
    expect((await apiJson(`/v1/decisions?metadata.run=${run}-k&metadata.order=42`)).body.data).toEqual([]);
  });

  it.each([
    ["more than 10 pairs", Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])), /At most 10/],
    ["an empty key", { "": "v" }, /Metadata keys/],
    ["a key with a quote", { 'a"b': "v" }, /Metadata keys/],
    ["a key with a space", { "a b": "v" }, /Metadata keys/],
    ["a key of 65 characters", { ["k".repeat(65)]: "v" }, /Metadata keys/],
    ["a value of 257 characters", { k: "v".repeat(257) }, /at most 256/],
    ["a number value", { k: 1 }, /./],
    ["a nested value", { k: { a: "b" } }, /./],
    ["an array", ["a", "b"], /./],
  ])("refuses %s with 400", async (_name, metadata, message) => {
    for (const [path, body] of [
      ["/v1/classify", { task: task.name, text: "refund", metadata }],
      ["/v1/summarize", { text: ARTICLE, metadata }],
    ] as const) {
      const response = await apiJson(path, { body });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      expect(JSON.stringify(response.body.error)).toMatch(message);
    }
  });

  it("accepts exactly 10 pairs, a 64-character key and a 256-character value", async () => {
    const metadata = { ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, "v"])), ["k".repeat(64)]: "v".repeat(256) };
    const { status, body } = await apiJson("/v1/classify", { body: { task: task.name, text: "refund", metadata } });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.metadata).toEqual(metadata);
  });

  it.each([
    ["a bad key", "metadata.a%20b=1", /metadata keys/],
    ["an empty key", "metadata.=1", /metadata keys/],
    ["a long value", `metadata.k=${"v".repeat(257)}`, /at most 256/],
    ["a key given twice", "metadata.k=1&metadata.k=2", /twice/],
    ["more than 10 filters", Array.from({ length: 11 }, (_, i) => `metadata.k${i}=v`).join("&"), /At most 10/],
  ])("refuses a filter with %s with 400", async (_name, query, message) => {
    const { status, body } = await apiJson(`/v1/decisions?${query}`);
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toMatch(message);
  });
});

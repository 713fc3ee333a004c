import { describe, expect, it } from "vitest";
import { api, apiJson } from "../support/api.ts";

describe("API keys", () => {
  it("refuses a request without a key with 401 and the shared error shape", async () => {
    const { status, body, headers } = await apiJson("/v1/tasks", { key: null });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toMatch(/Bearer/);
    expect(body.error.request_id).toBe(headers.get("x-request-id"));
  });

  it("refuses a wrong key", async () => {
    const { status, body } = await apiJson("/v1/classify", { key: "ec_wrong_key", body: { task: "x", text: "hi" } });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
  });

  it("refuses a malformed Authorization header", async () => {
    const response = await api("/v1/tasks", { key: "" });
    expect(response.status).toBe(401);
  });

  it("accepts the configured key", async () => {
    const response = await api("/v1/tasks");
    expect(response.status).toBe(200);
  });

  it("leaves /health and /openapi.json open", async () => {
    expect((await api("/health", { key: null })).status).toBe(200);
    expect((await api("/openapi.json", { key: null })).status).toBe(200);
  });
});

describe("configuration", () => {
  it("fails loudly, with what is missing, when a secret is absent", async () => {
    const { status, body } = await apiJson("/v1/tasks", { env: { HASH_KEYS: undefined, DECISION_HASH_KEY: undefined } });
    expect(status).toBe(500);
    expect(body.error.code).toBe("misconfigured");
    expect(body.error.message).toMatch(/HASH_KEYS is not set/);
  });
});

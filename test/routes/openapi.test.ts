import { describe, expect, it } from "vitest";
import { apiJson } from "../support/api.ts";

describe("GET /openapi.json", () => {
  it("documents every route from the same schemas the API validates with", async () => {
    const { status, body } = await apiJson("/openapi.json", { key: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    for (const path of ["/v1/tasks", "/v1/tasks/{id}", "/v1/tasks/{id}/examples", "/v1/tasks/{id}/train", "/v1/tasks/{id}/models", "/v1/classify", "/v1/decisions", "/v1/decisions/{id}"]) {
      expect(body.paths, path).toHaveProperty([path]);
    }
    const classify = body.paths["/v1/classify"].post;
    expect(classify.security).toEqual([{ bearerAuth: [] }]);
    expect(body.components.schemas.ClassifyRequest.properties).toHaveProperty("texts");
    expect(body.components.securitySchemes.bearerAuth).toEqual({ type: "http", scheme: "bearer" });
  });
});

import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { apiJson } from "../support/api.ts";

/** Hono's `/v1/tasks/:id` as OpenAPI's `/v1/tasks/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

describe("GET /openapi.json", () => {
  it("documents every route the app serves, from the same schemas the API validates with", async () => {
    const { status, body } = await apiJson("/openapi.json", { key: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    // Every handler the router holds (middleware is registered as ALL), except the document itself.
    const served = createApp()
      .routes.filter((route) => route.method !== "ALL" && route.path !== "/openapi.json")
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`);
    expect(served.length).toBeGreaterThan(20);
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it("names the security scheme and the request schemas", async () => {
    const { body } = await apiJson("/openapi.json", { key: null });
    expect(body.paths["/v1/classify"].post.security).toEqual([{ bearerAuth: [] }]);
    expect(body.paths["/hooks/github/{id}"].post.security).toEqual([]);
    expect(body.components.schemas.ClassifyRequest.properties).toHaveProperty("texts");
    expect(body.components.schemas.Decision.properties).toHaveProperty("warnings");
    expect(body.components.securitySchemes.bearerAuth).toEqual({ type: "http", scheme: "bearer" });
  });
});

import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { ApiKeyScope } from "../../schema/enums.ts";
import type { AppEnv } from "./app-env.ts";
import { requireScope } from "./scopes.ts";

/** Any key of the project may call the route (reading what the project has set up). */
export const ANY_KEY = "any";

/**
 * The scope each `/v1` route needs, by method and Hono path: the one table, checked for every
 * request before its handler runs. `admin` has every scope. Reading tasks and their model
 * versions is open to any key of the project: a `classify` key must be able to see the labels
 * it classifies into and the model that answers. Decisions and learning events (what the
 * traffic was) need `decisions:read`. A route missing here needs `admin`, so a new route is
 * closed until it is given a scope.
 */
export const ROUTE_SCOPES: Readonly<Record<string, ApiKeyScope | typeof ANY_KEY>> = {
  "GET /v1/tasks": ANY_KEY,
  "GET /v1/tasks/:id": ANY_KEY,
  "POST /v1/tasks": "tasks:write",
  "PATCH /v1/tasks/:id": "tasks:write",
  "POST /v1/tasks/:id/examples": "tasks:write",
  "DELETE /v1/tasks/:id/examples": "tasks:write",
  "POST /v1/tasks/:id/train": "tasks:write",
  "GET /v1/tasks/:id/models": ANY_KEY,
  "GET /v1/tasks/:id/models/:version": ANY_KEY,
  "POST /v1/tasks/:id/models/:version/activate": "tasks:write",
  "GET /v1/tasks/:id/events": "decisions:read",
  "POST /v1/classify": "classify",
  "POST /v1/summarize": "summarize",
  "GET /v1/decisions": "decisions:read",
  "GET /v1/decisions/:id": "decisions:read",
  "GET /v1/stats": "decisions:read",
  "POST /v1/decisions/:id/feedback": "feedback",
  "GET /v1/integrations": "admin",
  "POST /v1/integrations": "admin",
  "POST /v1/integrations/reseal": "admin",
  "GET /v1/integrations/:id": "admin",
  "PATCH /v1/integrations/:id": "admin",
  "DELETE /v1/integrations/:id": "admin",
  "GET /v1/integrations/:id/deliveries": "admin",
  "POST /v1/keys": "admin",
  "GET /v1/keys": "admin",
  "DELETE /v1/keys/:id": "admin",
  // Creating a project also needs a bootstrap key (routes/projects); the others are the project's own admins'.
  "POST /v1/projects": "admin",
  "GET /v1/projects/:id": "admin",
  "PATCH /v1/projects/:id": "admin",
  "GET /v1/project": ANY_KEY,
};

/** The scope a route needs (`admin` for one not in the table). */
export function scopeOf(method: string, path: string): ApiKeyScope | typeof ANY_KEY {
  return ROUTE_SCOPES[`${method.toUpperCase()} ${path}`] ?? "admin";
}

/**
 * Refuses with 403 `forbidden` a request whose key lacks the scope its route needs. Runs after
 * bearerAuth; a path no route answers is let through to the 404.
 */
export function routeScopes(): MiddlewareHandler<AppEnv> {
  return async function routeScopesMiddleware(c, next) {
    // Middleware is registered for every method (ALL); the route's own handler has its method.
    const route = matchedRoutes(c).findLast((candidate) => candidate.method !== "ALL");
    const scope = route ? scopeOf(route.method, route.path) : ANY_KEY;
    if (scope === ANY_KEY) return next();
    return requireScope(scope)(c, next);
  };
}

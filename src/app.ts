import { bearerAuth } from "./http/auth.ts";
import { requestSizeLimit } from "./http/body-limit.ts";
import { handleError, handleNotFound } from "./http/error-handler.ts";
import { idempotent } from "./http/idempotency.ts";
import { integrationRateLimit, keyRateLimit } from "./http/rate-limit.ts";
import { servicePorts } from "./http/ports.ts";
import { requestId } from "./http/request-id.ts";
import { routeScopes } from "./http/route-scopes.ts";
import { createRouter } from "./http/router.ts";
import { cacheRouter } from "./routes/cache/index.ts";
import { classifyRouter } from "./routes/classify/index.ts";
import { decisionsRouter } from "./routes/decisions/index.ts";
import { examplesRouter } from "./routes/examples/index.ts";
import { feedbackRouter } from "./routes/feedback/index.ts";
import { healthRouter } from "./routes/health/index.ts";
import { hooksRouter } from "./routes/hooks/index.ts";
import { integrationsRouter } from "./routes/integrations/index.ts";
import { keysRouter } from "./routes/keys/index.ts";
import { learningRouter } from "./routes/learning/index.ts";
import { modelsRouter } from "./routes/models/index.ts";
import { projectsRouter } from "./routes/projects/index.ts";
import { statsRouter } from "./routes/stats/index.ts";
import { summarizeRouter } from "./routes/summarize/index.ts";
import { tasksRouter } from "./routes/tasks/index.ts";

/** Routes that honour `Idempotency-Key` on POST (their OpenAPI entries declare the header). */
const IDEMPOTENT_PATHS = ["/v1/classify", "/v1/summarize", "/v1/tasks/:id/examples", "/v1/tasks/:id/train"];

/** The HTTP API: middleware, the routes, one error handler and the OpenAPI document. */
export function createApp() {
  const app = createRouter();
  app.use("*", requestId());
  app.onError(handleError);
  app.notFound(handleNotFound);

  // The configuration is validated before anything else: a misconfigured Worker answers 500
  // `misconfigured` naming what is wrong, on /health too (only the static /openapi.json is served).
  app.use("/health", servicePorts());
  app.use("/v1/*", servicePorts(), bearerAuth(), requestSizeLimit());
  // One counter per API key (429 rate_limited with Retry-After), before any body is parsed; forbidden requests count too.
  app.use("/v1/*", keyRateLimit());
  // Each route's scope, from the one table (http/route-scopes.ts): 403 before the handler or any Idempotency-Key claim.
  app.use("/v1/*", routeScopes());
  // The POSTs that run models or change training data can be retried safely with Idempotency-Key.
  for (const path of IDEMPOTENT_PATHS) app.use(path, idempotent());
  // Webhooks carry a signature instead of an API key; each route verifies it over the raw body.
  app.use("/hooks/*", servicePorts(), requestSizeLimit());
  // One counter per integration id, before the lookup and the signature check (bad signatures count).
  app.use("/hooks/:kind/:id", integrationRateLimit());

  app.route("/", healthRouter);
  app.route("/", tasksRouter);
  app.route("/", cacheRouter);
  app.route("/", examplesRouter);
  app.route("/", modelsRouter);
  app.route("/", classifyRouter);
  app.route("/", summarizeRouter);
  app.route("/", decisionsRouter);
  app.route("/", statsRouter);
  app.route("/", feedbackRouter);
  app.route("/", learningRouter);
  app.route("/", integrationsRouter);
  app.route("/", hooksRouter);
  app.route("/", keysRouter);
  app.route("/", projectsRouter);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "edge-cascade",
      version: "0.1.0",
      description: "Classify and summarize text with compact models in the Worker; a large model answers only when the compact one is unsure. Every decision is logged.",
    },
  });
  return app;
}

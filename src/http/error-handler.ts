import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigError } from "../config.ts";
import { DecisionLogUnavailable } from "../decision-log/record.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError, errorBody, retryAfterOf } from "./errors.ts";

/** Normalizes anything thrown by a route: hono's own exceptions, ours, and the unexpected. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ConfigError) return new ApiError("misconfigured", error.message, undefined, { cause: error });
  if (error instanceof DecisionLogUnavailable) return new ApiError("unavailable", error.message, undefined, { cause: error });
  if (error instanceof HTTPException) {
    if (error.status === 400) return new ApiError("invalid_json", "The body is not valid JSON");
    if (error.status === 413) return new ApiError("payload_too_large", error.message);
    if (error.status === 401) return new ApiError("unauthorized", error.message);
    if (error.status === 415) return new ApiError("unsupported_media_type", "Unsupported content type for this route");
  }
  return new ApiError("internal", "Something went wrong on our side; the request id helps us find it", undefined, { cause: error });
}

/** The one error handler: every error leaves as `{ error: { code, message, request_id } }`. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const apiError = toApiError(error);
  if (apiError.status >= 500) console.error(`[${c.get("requestId")}]`, apiError.message, apiError.cause ?? error);
  const retryAfter = retryAfterOf(apiError);
  if (retryAfter) c.header("Retry-After", retryAfter);
  return c.json(errorBody(apiError, c.get("requestId") ?? "unknown"), apiError.status);
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody(new ApiError("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), c.get("requestId") ?? "unknown"), 404);

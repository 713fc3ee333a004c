import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

/** The largest request body the API reads. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Refuses bodies over `maxBytes` with a 413 before anything parses them. */
export function requestSizeLimit(maxBytes = MAX_REQUEST_BYTES): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError("payload_too_large", `The request body is larger than ${maxBytes} bytes`);
    },
  });
}

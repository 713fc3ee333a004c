import { z } from "@hono/zod-openapi";
import { utf8ByteLength } from "../text/encoding.ts";
import { MAX_TEXT_BYTES } from "../text/limits.ts";

/** A text to classify or summarize: non-empty after trimming, at most 64 KB of UTF-8. */
export const inputText = z
  .string()
  .superRefine((value, ctx) => {
    if (value.trim() === "") ctx.addIssue({ code: "custom", message: "Text is empty" });
    // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
    if (value.length * 3 > MAX_TEXT_BYTES && utf8ByteLength(value) > MAX_TEXT_BYTES) {
      ctx.addIssue({
        code: "too_big",
        origin: "string",
        maximum: MAX_TEXT_BYTES,
        inclusive: true,
        message: `Text is larger than ${MAX_TEXT_BYTES} bytes`,
      });
    }
  })
  .openapi({ description: "At most 64 KB of UTF-8", example: "My card was charged twice for the same order" });

/** A JSON body or response of the given schema, for route contracts. */
export const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string(),
      request_id: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/** The error responses every authenticated route can give. */
export const errorResponses = {
  400: { description: "Malformed JSON or a request that fails validation", content: json(errorSchema) },
  401: { description: "Missing or invalid API key", content: json(errorSchema) },
  404: { description: "Unknown resource", content: json(errorSchema) },
  413: { description: "Request or text too large", content: json(errorSchema) },
} as const;

export const idParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" } }) });

export const security = [{ bearerAuth: [] }];

/** The latest time a query may name: the end of year 9999 (later ones cannot be written back as ISO 8601). */
const LATEST_QUERY_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A time in a query string: ISO 8601 between 1970 and 9999, read as epoch ms. */
export const queryTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), "Use an ISO 8601 time, e.g. 2026-11-27T10:00:00Z")
  .transform((value) => Date.parse(value))
  .refine((ms) => ms >= 0 && ms <= LATEST_QUERY_TIME, "Use a time between 1970-01-01 and 9999-12-31");

/** Milliseconds since the epoch as an ISO 8601 string. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** `Idempotency-Key`, on the POSTs that run models or change training data (see src/http/idempotency.ts). */
export const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .openapi({
      description:
        "Makes a retry safe: the same key with the same body within 24 hours returns the first answer (header `Idempotent-Replayed: true`) without running anything again. 1 to 255 visible ASCII characters; a UUID is a good choice.",
      example: "5f0c6a1e-8d2b-4c3a-9e7f-1b2c3d4e5f60",
    }),
});

/** The answers `Idempotency-Key` adds to a route. */
export const idempotencyResponses = {
  409: { description: "`idempotency_in_progress`: a request with this Idempotency-Key is still running (with `Retry-After`)", content: json(errorSchema) },
  422: { description: "`idempotency_mismatch`: this Idempotency-Key was used with another body or route", content: json(errorSchema) },
} as const;

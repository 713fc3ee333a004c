import { z } from "@hono/zod-openapi";
import { ApiError } from "../http/errors.ts";
import { METADATA_KEY_PATTERN } from "../storage/decisions.ts";

export const MAX_METADATA_PAIRS = 10;
export const MAX_METADATA_VALUE_CHARS = 256;

const KEY_RULE = `1–64 characters of A-Z a-z 0-9 _ . -`;

/** `metadata` on classify and summarize: stored with each decision, filterable in GET /v1/decisions. */
export const metadataSchema = z
  .record(z.string(), z.string())
  .superRefine((metadata, ctx) => {
    const keys = Object.keys(metadata);
    if (keys.length > MAX_METADATA_PAIRS) ctx.addIssue({ code: "custom", message: `At most ${MAX_METADATA_PAIRS} metadata pairs (got ${keys.length})` });
    for (const key of keys) {
      if (!METADATA_KEY_PATTERN.test(key)) ctx.addIssue({ code: "custom", path: [key], message: `Metadata keys are ${KEY_RULE}` });
      else if (metadata[key].length > MAX_METADATA_VALUE_CHARS) ctx.addIssue({ code: "custom", path: [key], message: `Metadata values are at most ${MAX_METADATA_VALUE_CHARS} characters` });
    }
  })
  .openapi({
    description: `Up to ${MAX_METADATA_PAIRS} string pairs (keys ${KEY_RULE}, values at most ${MAX_METADATA_VALUE_CHARS} characters), stored with each decision of the request and filterable with GET /v1/decisions?metadata.KEY=VALUE`,
    example: { customer: "acme", ticket: "T-1042" },
  });

const PREFIX = "metadata.";

/**
 * The `metadata.KEY=VALUE` query parameters of a request (every pair must match: AND), or
 * undefined when there are none; a bad key, a long value or a key given twice is 400.
 */
export function metadataFilterOf(url: string): Record<string, string> | undefined {
  const filter: Record<string, string> = Object.create(null);
  let count = 0;
  for (const [name, value] of new URL(url).searchParams) {
    if (!name.startsWith(PREFIX)) continue;
    const key = name.slice(PREFIX.length);
    if (!METADATA_KEY_PATTERN.test(key)) throw new ApiError("invalid_request", `Query parameter ${JSON.stringify(name)}: metadata keys are ${KEY_RULE}`);
    if (value.length > MAX_METADATA_VALUE_CHARS) throw new ApiError("invalid_request", `Query parameter ${name}: metadata values are at most ${MAX_METADATA_VALUE_CHARS} characters`);
    if (Object.hasOwn(filter, key)) throw new ApiError("invalid_request", `Query parameter ${name} is given twice; a decision has one value a key`);
    if (++count > MAX_METADATA_PAIRS) throw new ApiError("invalid_request", `At most ${MAX_METADATA_PAIRS} metadata.* filters`);
    filter[key] = value;
  }
  return count === 0 ? undefined : filter;
}

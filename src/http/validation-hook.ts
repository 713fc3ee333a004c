import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import { ApiError } from "./errors.ts";

/** Describes zod issues as `{ path, message }` pairs a client can act on. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

/**
 * Turns a failed validation into the shared error shape. A text over the size limit is a 413,
 * so that oversized input is refused before any model runs.
 */
export const validationHook: Hook<unknown, any, any, any> = (result) => {
  if (result.success) return;
  const issues = result.error.issues;
  // Only a string over the limit is "too large"; too many items is an ordinary validation error.
  const tooLarge = issues.find((issue) => issue.code === "too_big" && issue.origin === "string");
  if (tooLarge) {
    throw new ApiError("payload_too_large", tooLarge.message, describeIssues([tooLarge]));
  }
  throw new ApiError("invalid_request", `Invalid request: ${describeIssues(issues).map((i) => `${i.path}: ${i.message}`).join("; ")}`, describeIssues(issues));
};

import { z } from "@hono/zod-openapi";
import { API_KEY_SCOPES } from "../../../schema/enums.ts";
import { KEY_CACHE_TTL_MS } from "../../projects/key-cache.ts";
import type { ApiKeyRow } from "../../storage/api-keys.ts";
import { isoTime } from "../common-schemas.ts";

/** How long another isolate may still accept a revoked key: its cache's TTL, documented as at most 60 s. */
export const REVOCATION_BOUND_S = 60;
export const REVOCATION_NOTE = `A revoked key is refused at once by the isolate that revoked it and by every other within ${KEY_CACHE_TTL_MS / 1000} s (each isolate trusts what it read about a key that long); the documented bound is ${REVOCATION_BOUND_S} s.`;

export const scopesDescription =
  "`admin`: everything in the project (keys, integrations, project settings, and every other scope). `tasks:write`: tasks, examples, training, activation. `classify`, `summarize`: run them. `decisions:read`: the decision log and learning events. `feedback`: correct decisions.";

const scopeList = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .max(API_KEY_SCOPES.length)
  .refine((scopes) => new Set(scopes).size === scopes.length, "Scopes must be unique")
  .openapi({ description: scopesDescription, example: ["classify"] });

const taskRefs = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(50)
  .openapi({ description: "Task ids or names of the project the key is limited to; left out or null for every task", example: ["support-triage"] });

export const createKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "support-bot" }),
    scopes: scopeList,
    tasks: taskRefs.nullable().optional(),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional().openapi({ description: "When the key stops working (ISO 8601, in the future); null or left out: never", example: "2030-01-01T00:00:00Z" }),
  })
  .strict()
  .openapi("CreateApiKey");

export const apiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01J9Z3X4M5N6P7Q8R9S0T1V2W3" }),
    project_id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The key's first characters, to tell keys apart", example: "ec_3f9a1c2b7" }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    tasks: z.array(z.string()).nullable().openapi({ description: "Task ids the key is limited to; null for every task" }),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    last_used_at: z.string().nullable().openapi({ description: "Recorded at most once a minute" }),
    created_at: z.string(),
  })
  .openapi("ApiKey");

export const newApiKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: "The key itself: shown this once, stored only as its SHA-256", example: "ec_3f9a1c2b7d…" }) })
  .openapi("NewApiKey");

/** A key as the API shows it: never its hash, and the secret only in the answer that creates it. */
export function apiKeyJson(row: ApiKeyRow): z.infer<typeof apiKeySchema> {
  return {
    id: row.id,
    project_id: row.projectId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    tasks: row.taskIds,
    expires_at: isoTime(row.expiresAt),
    revoked_at: isoTime(row.revokedAt),
    last_used_at: isoTime(row.lastUsedAt),
    created_at: isoTime(row.createdAt)!,
  };
}

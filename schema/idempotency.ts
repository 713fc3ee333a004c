import { sqliteTable, text, integer, primaryKey, index } from "drizzle-orm/sqlite-core";
import { IDEMPOTENCY_STATES } from "./enums.ts";

/**
 * One `Idempotency-Key` of one caller: the request it was first used with and, once that finished,
 * the answer replayed to every retry. The answer is sealed: it can hold a summary of a task that keeps no text.
 */
export const idempotencyRecords = sqliteTable(
  "idempotency_records",
  {
    /** Who may replay it: the API key's id (the project's, once keys belong to projects). */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    /** Method and path, and SHA-256 of the body: another request under the same key is a mismatch. */
    route: text("route").notNull(),
    requestDigest: text("request_digest").notNull(),
    state: text("state", { enum: IDEMPOTENCY_STATES }).notNull(),
    responseStatus: integer("response_status"),
    /** AES-GCM sealed `{ headers, body }` of the recorded answer. */
    responseSealed: text("response_sealed"),
    createdAt: integer("created_at").notNull(),
    /** While in progress: when a crashed first request stops holding the key. Then: when the record expires. */
    expiresAt: integer("expires_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] }), index("idempotency_expires").on(table.expiresAt)],
);

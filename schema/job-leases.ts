import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Single-flight claims of background jobs that must not run twice at once (the decision
 * retention's purge chain, src/decision-log/retention.ts): a job claims its name with one
 * conditional upsert and holds it until `expires_at`, or until it releases it.
 */
export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

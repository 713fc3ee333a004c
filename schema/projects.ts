import { sqliteTable, text, integer, real, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ApiKeyScope } from "./enums.ts";

/** The project every row existing before projects belongs to, and the bootstrap keys' project. */
export const DEFAULT_PROJECT_ID = "prj_default";

/**
 * A tenant: its tasks, integrations, decisions and keys are invisible to every other project.
 * Its name is a label, not an identifier (the id is): two projects may share one, so that no
 * name a tenant picks can tell it which names other tenants use.
 */
export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Daily (UTC) cap on remote-tier spend in USD; null for none. */
    dailyBudgetUsd: real("daily_budget_usd"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
);

/** An API key of a project; only its SHA-256 is stored, the key is shown once. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    /** The key's first characters, so a person can tell keys apart without the secret. */
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<ApiKeyScope[]>().notNull(),
    /** Task ids the key is limited to; null for every task of the project. */
    taskIds: text("task_ids", { mode: "json" }).$type<string[]>(),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
    lastUsedAt: integer("last_used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [uniqueIndex("api_keys_hash").on(table.hash), index("api_keys_project").on(table.projectId, table.id)],
);

import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { apiKeys } from "../../schema/index.ts";
import type { Database } from "./database.ts";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findApiKeyByHash(db: Database, hash: string): Promise<ApiKeyRow | undefined> {
  return db.query.apiKeys.findFirst({ where: eq(apiKeys.hash, hash) });
}

export async function insertApiKey(db: Database, row: ApiKeyRow): Promise<void> {
  await db.insert(apiKeys).values(row);
}

/** The project's keys, newest first (before the key id `before`, at most `limit`), secrets excluded by construction (only hashes are stored). */
export async function listApiKeys(db: Database, projectId: string, page: { before?: string; limit?: number } = {}): Promise<ApiKeyRow[]> {
  const query = db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.projectId, projectId), page.before ? lt(apiKeys.id, page.before) : undefined))
    .orderBy(desc(apiKeys.id));
  return page.limit === undefined ? query : query.limit(page.limit);
}

export async function findApiKey(db: Database, projectId: string, id: string): Promise<ApiKeyRow | undefined> {
  return db.query.apiKeys.findFirst({ where: and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)) });
}

/** Revokes a key of the project; false when it has no such key (or it was revoked already). */
export async function revokeApiKey(db: Database, projectId: string, id: string, now: number): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}

/** Records use, at most once per `everyMs` a key: one conditional write, not one per request. */
export async function touchApiKey(db: Database, id: string, now: number, everyMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), sql`coalesce(${apiKeys.lastUsedAt}, 0) < ${now - everyMs}`));
}

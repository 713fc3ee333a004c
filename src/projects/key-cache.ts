import type { ApiKeyRow } from "../storage/api-keys.ts";

/**
 * How long an isolate trusts what it read about a key: a revoked key stops working within this
 * (the documented bound is 60 s; isolates live on, so this cache is the bound).
 */
export const KEY_CACHE_TTL_MS = 30_000;

/** Keys remembered per isolate; an attacker sending random keys cannot grow it past this. */
const MAX_ENTRIES = 1_000;

interface Entry {
  row: ApiKeyRow | null;
  readAt: number;
  touchedAt: number;
}

const entries = new Map<string, Entry>();

/** The key stored under `hash` (null: no such key), from the cache while it is fresh, else `read`. */
export async function cachedApiKey(hash: string, now: number, read: () => Promise<ApiKeyRow | null>): Promise<Entry> {
  const cached = entries.get(hash);
  if (cached && now - cached.readAt < KEY_CACHE_TTL_MS) return cached;
  const entry: Entry = { row: await read(), readAt: now, touchedAt: cached?.touchedAt ?? 0 };
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(hash, entry);
  return entry;
}

/** Forgets a key in this isolate (its revocation, seen here at once). */
export function forgetApiKey(hash: string): void {
  entries.delete(hash);
}

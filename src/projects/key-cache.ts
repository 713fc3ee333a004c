import type { ApiKeyRow } from "../storage/api-keys.ts";

/**
 * How long an isolate trusts what it read about a key: a revoked key stops working within this
 * (the documented bound is 60 s; isolates live on, so this cache is the bound).
 */
export const KEY_CACHE_TTL_MS = 30_000;

/**
 * Keys remembered per isolate, known ones and unknown ones apart: a flood of random keys fills
 * (and clears) only the unknown ones, never evicting the keys real clients use.
 */
const MAX_KNOWN = 1_000;
const MAX_UNKNOWN = 1_000;

export interface KeyCacheEntry {
  /** Null: no key has this hash. */
  row: ApiKeyRow | null;
  readAt: number;
  touchedAt: number;
}

const known = new Map<string, KeyCacheEntry>();
const unknown = new Map<string, KeyCacheEntry>();

/** What this isolate read about the key under `hash` within the TTL; undefined when it must be read. */
export function freshApiKey(hash: string, now: number): KeyCacheEntry | undefined {
  const cached = known.get(hash) ?? unknown.get(hash);
  return cached && now - cached.readAt < KEY_CACHE_TTL_MS ? cached : undefined;
}

/** Remembers what was read about the key under `hash` (null: no such key). */
export function rememberApiKey(hash: string, row: ApiKeyRow | null, now: number): KeyCacheEntry {
  const map = row ? known : unknown;
  const entry: KeyCacheEntry = { row, readAt: now, touchedAt: known.get(hash)?.touchedAt ?? 0 };
  if (row) unknown.delete(hash);
  else known.delete(hash);
  if (map.size >= (row ? MAX_KNOWN : MAX_UNKNOWN)) map.clear();
  map.set(hash, entry);
  return entry;
}

/** Forgets a key in this isolate (its revocation, seen here at once). */
export function forgetApiKey(hash: string): void {
  known.delete(hash);
  unknown.delete(hash);
}

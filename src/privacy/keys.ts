/**
 * Versioned keys. A key ring is a list of `<version>:<secret>` entries, newest first: the first
 * is current (new hashes and seals use it), the others still verify and open what they made.
 * Every keyed value names the version it was made under, so a rotation is never silent.
 *
 * `v0` is the legacy key, `DECISION_HASH_KEY`: what it makes keeps the format from before
 * versioning (bare hex hashes, `v1.`-prefixed seals), so old rows and new ones stay comparable.
 */
export interface VersionedKey {
  version: string;
  secret: string;
}

export interface KeyRing {
  /** The newest key: new hashes and seals use it. */
  current: VersionedKey;
  /** Every key, newest first (`keys[0]` is `current`). */
  keys: readonly VersionedKey[];
}

export const LEGACY_KEY_VERSION = "v0";
/** New keys; the legacy `v0` (`DECISION_HASH_KEY`) was allowed 16. */
export const MIN_SECRET_LENGTH = 32;
const MIN_LEGACY_SECRET_LENGTH = 16;
const VERSION = /^v[0-9]{1,6}$/;

export type KeyListResult = { ok: true; keys: VersionedKey[] } | { ok: false; problem: string };

/** Parses `v2:secret,v1:secret`; problems name the entry by position and version, never the secret. */
export function parseKeyList(text: string): KeyListResult {
  const entries = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return { ok: false, problem: "lists no key: expected `<version>:<secret>`, comma-separated, newest first" };
  const keys: VersionedKey[] = [];
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const version = colon < 0 ? "" : entry.slice(0, colon).trim();
    const secret = colon < 0 ? "" : entry.slice(colon + 1).trim();
    if (!VERSION.test(version)) return { ok: false, problem: `entry ${i + 1} is not \`<version>:<secret>\` with a version like v1, v2` };
    const min = version === LEGACY_KEY_VERSION ? MIN_LEGACY_SECRET_LENGTH : MIN_SECRET_LENGTH;
    if (secret.length < min) return { ok: false, problem: `${version}'s secret must be at least ${min} characters` };
    if (keys.some((key) => key.version === version)) return { ok: false, problem: `${version} is listed twice` };
    keys.push({ version, secret });
  }
  return { ok: true, keys };
}

export function keyRing(keys: readonly VersionedKey[]): KeyRing {
  if (keys.length === 0) throw new Error("A key ring needs at least one key");
  return { current: keys[0], keys };
}

export function keyOf(ring: KeyRing, version: string): VersionedKey | undefined {
  return ring.keys.find((key) => key.version === version);
}

/** A keyed value names a version the ring no longer lists: it was made under a dropped key. */
export class UnknownKeyVersionError extends Error {
  override name = "UnknownKeyVersionError";
  constructor(
    readonly version: string,
    ring: string,
  ) {
    super(`made under key version ${version}, which ${ring} no longer lists`);
  }
}

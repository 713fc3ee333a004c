import { toHex, utf8 } from "../text/encoding.ts";
import { hmacSha256 } from "./hmac.ts";
import { keyOf, LEGACY_KEY_VERSION, type KeyRing } from "./keys.ts";

/** SHA-256 of a UTF-8 string (or of bytes), as lowercase hex. */
export async function sha256Hex(value: string | BufferSource): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", typeof value === "string" ? utf8(value) : value)));
}

/** Constant-time comparison of two equal-length hex strings. */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** HMAC-SHA256 of `value` under `secret`, as hex: logs keep this instead of the raw text. */
export async function hmacHex(secret: string, value: string): Promise<string> {
  return toHex(await hmacSha256(secret, utf8(value)));
}

/**
 * The keyed hash that logs keep instead of a text: HMAC-SHA256 under the ring's current key, as
 * `<version>:<hex>` (bare hex under the legacy `v0`, as before versioning).
 */
export async function keyedHash(ring: KeyRing, value: string): Promise<string> {
  const { version, secret } = ring.current;
  const hex = await hmacHex(secret, value);
  return version === LEGACY_KEY_VERSION ? hex : `${version}:${hex}`;
}

/**
 * `keyedHash` under the ring's current key, remembered per value: made for one request, so that a
 * text is hashed once whatever needs its hash (the answer cache's key, the decision row).
 */
export function keyedHasher(ring: KeyRing): (value: string) => Promise<string> {
  const hashes = new Map<string, Promise<string>>();
  return (value) => {
    let hash = hashes.get(value);
    if (!hash) hashes.set(value, (hash = keyedHash(ring, value)));
    return hash;
  };
}

/** The key version a keyed hash was made under. */
export function keyedHashVersion(hash: string): string {
  const colon = hash.indexOf(":");
  return colon < 0 ? LEGACY_KEY_VERSION : hash.slice(0, colon);
}

/**
 * Whether `value` is the text behind `hash`, under whichever listed key made it (so hashes
 * stay comparable across a rotation); `unknown_key` when that key is no longer listed.
 */
export async function matchKeyedHash(ring: KeyRing, value: string, hash: string): Promise<"match" | "mismatch" | "unknown_key"> {
  const version = keyedHashVersion(hash);
  const key = keyOf(ring, version);
  if (!key) return "unknown_key";
  const hex = await hmacHex(key.secret, value);
  return timingSafeEqualHex(version === LEGACY_KEY_VERSION ? hex : `${version}:${hex}`, hash) ? "match" : "mismatch";
}

/** The keyed hash of `value` under every listed key: for a lookup (`input_hash IN (…)`) that must find rows from before a rotation. */
export async function keyedHashesUnderEveryKey(ring: KeyRing, value: string): Promise<string[]> {
  return Promise.all(ring.keys.map((key) => keyedHash({ current: key, keys: [key] }, value)));
}

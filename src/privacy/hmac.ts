import { toHex, utf8 } from "../text/encoding.ts";

const keys = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key for raw key bytes, imported once per isolate. */
export function hmacKey(secret: Uint8Array<ArrayBuffer> | string): Promise<CryptoKey> {
  const bytes = typeof secret === "string" ? utf8(secret) : secret;
  const cacheKey = toHex(bytes);
  let key = keys.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    // A bounded cache: integrations are few, but a flood of distinct secrets must not grow memory.
    if (keys.size >= 256) keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

/** HMAC-SHA256 of `content` under `secret`. */
export async function hmacSha256(secret: Uint8Array<ArrayBuffer> | string, content: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), content));
}

/** Constant-time equality of two byte arrays of the same length. */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let i = 0; i < a.byteLength; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/**
 * True when any (secret, signature) pair matches. One HMAC per secret over the content (a body
 * may be 1 MB), then constant-time comparisons with every signature; every pair is compared,
 * so the time taken does not tell which secret or signature matched.
 */
export async function verifyAny(
  secrets: readonly (Uint8Array<ArrayBuffer> | string)[],
  content: Uint8Array<ArrayBuffer>,
  signatures: readonly Uint8Array<ArrayBuffer>[],
): Promise<boolean> {
  const macs = await Promise.all(secrets.map((secret) => hmacSha256(secret, content)));
  let matched = false;
  for (const mac of macs) for (const signature of signatures) matched = timingSafeEqual(mac, signature) || matched;
  return matched;
}

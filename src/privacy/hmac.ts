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

/**
 * True when `signature` is the HMAC-SHA256 of `content` under `secret`. WebCrypto's verify
 * compares the MACs in constant time, over the raw bytes.
 */
export async function verifyHmacSha256(
  secret: Uint8Array<ArrayBuffer> | string,
  content: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  if (signature.byteLength !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), signature, content);
}

/**
 * True when any (secret, signature) pair matches. Every pair is checked, so the time taken
 * does not tell which secret or signature matched.
 */
export async function verifyAny(
  secrets: readonly (Uint8Array<ArrayBuffer> | string)[],
  content: Uint8Array<ArrayBuffer>,
  signatures: readonly Uint8Array<ArrayBuffer>[],
): Promise<boolean> {
  const checks = secrets.flatMap((secret) => signatures.map((signature) => verifyHmacSha256(secret, content, signature)));
  return (await Promise.all(checks)).some(Boolean);
}

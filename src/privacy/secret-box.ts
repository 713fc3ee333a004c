import { base64ToBytes, bytesToBase64, fromUtf8, utf8 } from "../text/encoding.ts";
import { keyOf, LEGACY_KEY_VERSION, UnknownKeyVersionError, type KeyRing } from "./keys.ts";

/**
 * Seals integration secrets (and shadow-check texts) with AES-256-GCM under a key derived
 * (HKDF-SHA256) from a versioned Worker secret (`SEALING_KEYS`), so a copy of the D1 row alone
 * cannot sign or verify anything. The row's id is the additional data: a sealed value moved to
 * another row does not open.
 *
 * A seal is `<key version>:<base64 iv>.<base64 ciphertext and tag>`, made under the ring's
 * current key and opened under the key it names. Seals of the legacy key `v0`
 * (`DECISION_HASH_KEY`) keep the format from before versioning, `v1.<iv>.<ciphertext>`.
 */
const LEGACY_FORMAT = "v1";
const keys = new Map<string, Promise<CryptoKey>>();

function sealingKey(masterSecret: string): Promise<CryptoKey> {
  let key = keys.get(masterSecret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey("raw", utf8(masterSecret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: utf8("edge-cascade"), info: utf8("integration secrets v1") },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
    if (keys.size >= 64) keys.clear();
    keys.set(masterSecret, key);
  }
  return key;
}

interface SealedParts {
  version: string;
  iv: string;
  ciphertext: string;
}

function partsOf(sealed: string): SealedParts | null {
  const colon = sealed.indexOf(":");
  if (colon >= 0) {
    const [iv, ciphertext, extra] = sealed.slice(colon + 1).split(".");
    return iv && ciphertext && extra === undefined ? { version: sealed.slice(0, colon), iv, ciphertext } : null;
  }
  const [format, iv, ciphertext, extra] = sealed.split(".");
  return format === LEGACY_FORMAT && iv && ciphertext && extra === undefined ? { version: LEGACY_KEY_VERSION, iv, ciphertext } : null;
}

/** The version of the key a seal was made under, or null when it is not a seal. */
export function sealedKeyVersion(sealed: string): string | null {
  return partsOf(sealed)?.version ?? null;
}

/** What a seal under `version` starts with (for finding seals that are not under the current key). */
export function sealPrefix(version: string): string {
  return version === LEGACY_KEY_VERSION ? `${LEGACY_FORMAT}.` : `${version}:`;
}

/** True when the seal is not under the ring's current key and should be sealed again. */
export function needsReseal(ring: KeyRing, sealed: string): boolean {
  return sealedKeyVersion(sealed) !== ring.current.version;
}

/** The JSON of `value`, sealed for this row under the ring's current key. */
export async function seal(ring: KeyRing, rowId: string, value: unknown): Promise<string> {
  const { version, secret } = ring.current;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(rowId) },
    await sealingKey(secret),
    utf8(JSON.stringify(value)),
  );
  return `${sealPrefix(version)}${bytesToBase64(iv)}.${bytesToBase64(new Uint8Array(ciphertext))}`;
}

/**
 * The value sealed by `seal` for this row, under the key the seal names; throws when the format
 * is unknown, an `UnknownKeyVersionError` when that key is no longer listed, and when the key or
 * the row differs.
 */
export async function unseal<T>(ring: KeyRing, rowId: string, sealed: string): Promise<T> {
  const parts = partsOf(sealed);
  const iv = parts && base64ToBytes(parts.iv);
  const ciphertext = parts && base64ToBytes(parts.ciphertext);
  if (!parts || !iv || !ciphertext) throw new Error("The sealed value is not in a known format");
  const key = keyOf(ring, parts.version);
  if (!key) throw new UnknownKeyVersionError(parts.version, "SEALING_KEYS");
  const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: utf8(rowId) }, await sealingKey(key.secret), ciphertext);
  return JSON.parse(fromUtf8(new Uint8Array(plaintext))) as T;
}

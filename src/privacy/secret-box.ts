import { base64ToBytes, bytesToBase64, fromUtf8, utf8 } from "../text/encoding.ts";

/**
 * Seals integration secrets with AES-256-GCM under a key derived (HKDF-SHA256) from a Worker
 * secret, so a copy of the D1 row alone cannot sign or verify anything. The row's id is the
 * additional data: a sealed value moved to another row does not open.
 */
const VERSION = "v1";
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
    keys.set(masterSecret, key);
  }
  return key;
}

/** `v1.<base64 iv>.<base64 ciphertext and tag>` of the JSON of `value`. */
export async function seal(masterSecret: string, rowId: string, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(rowId) },
    await sealingKey(masterSecret),
    utf8(JSON.stringify(value)),
  );
  return `${VERSION}.${bytesToBase64(iv)}.${bytesToBase64(new Uint8Array(ciphertext))}`;
}

/** The value sealed by `seal` for this row; throws when the key or the row differs. */
export async function unseal<T>(masterSecret: string, rowId: string, sealed: string): Promise<T> {
  const [version, ivText, ciphertextText] = sealed.split(".");
  const iv = base64ToBytes(ivText ?? "");
  const ciphertext = base64ToBytes(ciphertextText ?? "");
  if (version !== VERSION || !iv || !ciphertext) throw new Error("The sealed secrets are not in a known format");
  const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: utf8(rowId) }, await sealingKey(masterSecret), ciphertext);
  return JSON.parse(fromUtf8(new Uint8Array(plaintext))) as T;
}

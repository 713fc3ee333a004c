import { base64ToBytes, bytesToBase64, concatBytes, utf8 } from "../../text/encoding.ts";
import { hmacSha256, verifyAny } from "../../privacy/hmac.ts";
import { refused, timestampProblem, VERIFIED, type Verification } from "../verification.ts";

/** A Standard Webhooks secret: `whsec_` and the base64 of the key bytes. */
export const STANDARD_SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

/** The key bytes of a `whsec_...` secret (the prefix is optional, as in the reference library). */
export function standardSecretKey(secret: string): Uint8Array<ArrayBuffer> | null {
  return base64ToBytes(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
}

export interface StandardHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** More signatures than this in one header is not a rotation, it is an attempt to burn CPU. */
const MAX_SIGNATURES = 10;

function signedContent(id: string, timestamp: string, body: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return concatBytes(utf8(`${id}.${timestamp}.`), body);
}

/**
 * Verifies `webhook-signature` (space-separated `v1,<base64>` entries) over
 * `id.timestamp.body`, accepting any listed signature under any of the secrets (key rotation).
 */
export async function verifyStandardSignature(
  secrets: readonly string[],
  body: Uint8Array<ArrayBuffer>,
  headers: StandardHeaders,
  nowMs: number,
): Promise<Verification> {
  if (!headers.id || !headers.signature) return refused("missing_signature", "Missing webhook-id or webhook-signature header");
  const stale = timestampProblem(headers.timestamp, nowMs);
  if (stale) return stale;
  const signatures = headers.signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .slice(0, MAX_SIGNATURES)
    .map((entry) => base64ToBytes(entry.slice(3)))
    .filter((bytes): bytes is Uint8Array<ArrayBuffer> => bytes !== null && bytes.byteLength === 32);
  if (signatures.length === 0) return refused("malformed_signature", "webhook-signature has no v1,<base64> entry");
  const keys = secrets.map(standardSecretKey).filter((key): key is Uint8Array<ArrayBuffer> => key !== null);
  if (!(await verifyAny(keys, signedContent(headers.id, headers.timestamp!, body), signatures))) {
    return refused("bad_signature", "No signature matches the id, timestamp and body");
  }
  return VERIFIED;
}

/** The three headers that sign `body` as message `id` at `timestampSeconds`. */
export async function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: Uint8Array<ArrayBuffer>,
): Promise<Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>> {
  const key = standardSecretKey(secret);
  if (!key) throw new Error("The callback secret is not a whsec_ base64 secret");
  const timestamp = String(Math.floor(timestampSeconds));
  const mac = await hmacSha256(key, signedContent(id, timestamp, body));
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${bytesToBase64(mac)}` };
}

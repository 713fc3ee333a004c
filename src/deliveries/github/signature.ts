import { hexToBytes } from "../../text/encoding.ts";
import { verifyAny } from "../../privacy/hmac.ts";
import { refused, VERIFIED, type Verification } from "../verification.ts";

/**
 * GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. GitHub signs no
 * timestamp, so replays are stopped by deduplicating on `X-GitHub-Delivery` instead.
 */
export async function verifyGithubSignature(secrets: readonly string[], body: Uint8Array<ArrayBuffer>, header: string | undefined): Promise<Verification> {
  if (!header) return refused("missing_signature", "Missing X-Hub-Signature-256 header");
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  const signature = match && hexToBytes(match[1]);
  if (!signature) return refused("malformed_signature", "X-Hub-Signature-256 must be sha256=<64 hex digits>");
  if (!(await verifyAny(secrets, body, [signature]))) return refused("bad_signature", "The signature does not match the body");
  return VERIFIED;
}

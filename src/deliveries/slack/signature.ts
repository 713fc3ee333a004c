import { concatBytes, hexToBytes, utf8 } from "../../text/encoding.ts";
import { verifyAny } from "../../privacy/hmac.ts";
import { refused, timestampProblem, VERIFIED, type Verification } from "../verification.ts";

export interface SlackHeaders {
  timestamp: string | undefined;
  signature: string | undefined;
}

/** Slack's `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + timestamp + ":" + raw body>`. */
export async function verifySlackSignature(
  secrets: readonly string[],
  body: Uint8Array<ArrayBuffer>,
  headers: SlackHeaders,
  nowMs: number,
): Promise<Verification> {
  if (!headers.signature) return refused("missing_signature", "Missing X-Slack-Signature header");
  const stale = timestampProblem(headers.timestamp, nowMs);
  if (stale) return stale;
  const match = /^v0=([0-9a-fA-F]{64})$/.exec(headers.signature.trim());
  const signature = match && hexToBytes(match[1]);
  if (!signature) return refused("malformed_signature", "X-Slack-Signature must be v0=<64 hex digits>");
  const content = concatBytes(utf8(`v0:${headers.timestamp}:`), body);
  if (!(await verifyAny(secrets, content, [signature]))) return refused("bad_signature", "The signature does not match the timestamp and body");
  return VERIFIED;
}

import { toHex, utf8 } from "../text/encoding.ts";
import { hmacSha256 } from "./hmac.ts";

/** SHA-256 of a UTF-8 string, as lowercase hex. */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(value))));
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

import { sha256Hex } from "../privacy/digest.ts";
import { toHex } from "../text/encoding.ts";

/** An API key: `ec_` then 40 hex digits (160 random bits). Its first 12 characters are its prefix. */
export function newApiKeySecret(): string {
  return `ec_${toHex(crypto.getRandomValues(new Uint8Array(20)))}`;
}

export const API_KEY_PREFIX_LENGTH = 12;

export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX_LENGTH);
}

/** What is stored instead of the key. */
export function apiKeyHash(secret: string): Promise<string> {
  return sha256Hex(secret);
}

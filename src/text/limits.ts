import { fromUtf8, utf8 } from "./encoding.ts";

/** The largest text the service reads, in UTF-8 bytes: the API refuses more, webhooks cut to it. */
export const MAX_TEXT_BYTES = 64 * 1024;

/** `text` cut to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes = MAX_TEXT_BYTES): string {
  const bytes = utf8(text);
  if (bytes.byteLength <= maxBytes) return text;
  // Back up over continuation bytes (10xxxxxx) to the start of the character the limit cuts.
  let cut = maxBytes;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return fromUtf8(bytes.subarray(0, cut));
}

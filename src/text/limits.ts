

/** The largest text the service reads, in UTF-8 bytes: the API refuses more, webhooks cut to it. */
export const MAX_TEXT_BYTES = 64 * 1024;

/**
 * `text` cut to at most `maxBytes` of UTF-8 without splitting a character. One pass over the
 * code units, counting their UTF-8 bytes (a lone surrogate as U+FFFD, 3), and no copy unless it cuts.
 */
export function truncateUtf8(text: string, maxBytes = MAX_TEXT_BYTES): string {
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let size = 3;
    let width = 1;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) [size, width] = [4, 2];
    if (bytes + size > maxBytes) return text.slice(0, i);
    bytes += size;
    i += width - 1;
  }
  return text;
}

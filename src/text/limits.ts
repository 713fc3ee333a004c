/** The largest text the service reads, in UTF-8 bytes: the API refuses more, webhooks cut to it. */
export const MAX_TEXT_BYTES = 64 * 1024;

const encoder = new TextEncoder();
/** Grown on first use, so an isolate that never cuts a text never holds it. */
let scratch = new Uint8Array(0);

/**
 * `text` cut to at most `maxBytes` of UTF-8 without splitting a character. `encodeInto` stops
 * before a character that would not fit (a lone surrogate counts as U+FFFD, 3 bytes) and says
 * how much of the text it read: one native pass over at most `maxBytes` of output, no decoding.
 * Every text takes that pass, even one short enough to fit whatever it holds: a shortcut for
 * those made the cost jump by a pass at about a third of the limit (a 32 KB text of emoji
 * skipped it, a 64 KB one did not), which read as superlinear time. The pass is at most about
 * 0.15 ms (64 KB of emoji, the slowest text to encode).
 */
export function truncateUtf8(text: string, maxBytes = MAX_TEXT_BYTES): string {
  if (text.length === 0) return text;
  if (scratch.byteLength < maxBytes) scratch = new Uint8Array(maxBytes);
  const { read } = encoder.encodeInto(text, scratch.subarray(0, maxBytes));
  return read >= text.length ? text : text.slice(0, read);
}

import { maskPersonalData } from "./mask.ts";

/**
 * The most of a text kept as training data. The compact classifier reads the first 2,000
 * characters (src/learn/tokens.ts), so four times that keeps everything a model can learn from
 * while the masking of any text up to the 64 KB limit stays bounded.
 */
export const MAX_KEPT_CHARS = 8_000;

/** A text as it is kept for training: its first MAX_KEPT_CHARS characters, personal data masked. */
export function textToKeep(text: string): string {
  if (text.length <= MAX_KEPT_CHARS) return maskPersonalData(text);
  // Do not split a surrogate pair at the cut.
  const end = (text.charCodeAt(MAX_KEPT_CHARS - 1) & 0xfc00) === 0xd800 ? MAX_KEPT_CHARS - 1 : MAX_KEPT_CHARS;
  return maskPersonalData(text.slice(0, end));
}

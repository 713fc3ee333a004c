/**
 * The fixed split of a summarization data set into a fitting half and a held-out half: by the
 * FNV-1a hash of the record's `id` (or of its text when it has none), even = fitting.
 * Used by the confidence fit (bench/fit-summary-confidence.ts) and the tuning of the summarizer;
 * bench/summarize.ts reports the held-out half beside all records.
 */
export type SplitName = "fit" | "heldout";

export function splitOf(record: Record<string, string>): SplitName {
  const key = typeof record.id === "string" && record.id !== "" ? record.id : (record.text ?? "");
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2 === 0 ? "fit" : "heldout";
}

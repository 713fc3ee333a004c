/** A stored label for a text, from one of the three sources. */
export interface LabelledRecord {
  text: string;
  label: string;
  source: "import" | "large_model" | "feedback";
  decisionId: string | null;
  createdAt: number;
}

/**
 * The examples a model trains on, oldest first. Sources stay apart in storage; here a human
 * correction outranks the large model's answer for the same decision, and labels outside the
 * task's current set are left out. Examples that arrived together (one import) have no order
 * among themselves, so they are put in a fixed pseudo-random one: a file sorted by label must
 * not leave the newest slice with a single label.
 */
export function assembleTrainingSet(records: readonly LabelledRecord[], labels: ReadonlySet<string>): LabelledRecord[] {
  const corrected = new Set(records.filter((r) => r.source === "feedback" && r.decisionId).map((r) => r.decisionId));
  return records
    .filter((r) => labels.has(r.label))
    .filter((r) => !(r.source === "large_model" && r.decisionId && corrected.has(r.decisionId)))
    .map((record) => ({ record, tieBreak: fnv1a(record.text) }))
    .sort((a, b) => a.record.createdAt - b.record.createdAt || a.tieBreak - b.tieBreak)
    .map(({ record }) => record);
}

/** 32-bit FNV-1a of a string: a cheap, stable shuffle key. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

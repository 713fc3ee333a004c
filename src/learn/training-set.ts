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
 * task's current set are left out.
 */
export function assembleTrainingSet(records: readonly LabelledRecord[], labels: ReadonlySet<string>): LabelledRecord[] {
  const corrected = new Set(records.filter((r) => r.source === "feedback" && r.decisionId).map((r) => r.decisionId));
  return records
    .filter((r) => labels.has(r.label))
    .filter((r) => !(r.source === "large_model" && r.decisionId && corrected.has(r.decisionId)))
    .sort((a, b) => a.createdAt - b.createdAt);
}

import type { DecisionJson } from "../decision-log/decision-json.ts";

/**
 * What processing a delivery produced: what the callback, GitHub and Slack are told. Each
 * decision has the one decision JSON form; a summary's `output` is null when the task keeps no
 * text and the decision was reused from the log.
 */
export interface DeliveryResult {
  event: string;
  classification: DecisionJson | null;
  summary: DecisionJson | null;
}

/** " (confidence 0.93, edge tier)", for the messages posted to people. */
export function confidenceNote(decision: Pick<DecisionJson, "confidence" | "tier">): string {
  return decision.confidence === null ? "" : ` (confidence ${decision.confidence.toFixed(2)}, ${decision.tier} tier)`;
}

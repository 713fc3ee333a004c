/**
 * One Workers Analytics Engine data point per decision, when the optional `DECISION_ANALYTICS`
 * binding exists: for dashboards and SQL over unsampled recent traffic without touching D1.
 * The layout is fixed (README, "Decision log"):
 *   index:   project id (the sampling key)
 *   blobs:   project, task ('' none), kind, source, tier ('' none), status, fallback reason ('' none), model ('' none)
 *   doubles: latency ms, cost USD (0 when unknown), cost known (1/0), input tokens, output tokens,
 *            confidence (-1 when none), large-only cost USD (-1 when unknown), energy Wh
 * A write never fails the request: Analytics Engine is best effort by design.
 */
import type { DecisionAnalytics } from "../ports.ts";
import type { DecisionRow } from "../storage/decisions.ts";


function decisionDataPoint(row: DecisionRow): AnalyticsEngineDataPoint {
  const costKnown = row.costKnown && row.costUsd !== null;
  return {
    indexes: [row.projectId],
    blobs: [row.projectId, row.taskId ?? "", row.kind, row.source, row.tier ?? "", row.status, row.fallbackReason ?? "", row.model ?? ""],
    doubles: [
      row.latencyMs,
      costKnown ? row.costUsd! : 0,
      costKnown ? 1 : 0,
      row.inputTokens,
      row.outputTokens,
      row.confidence ?? -1,
      row.largeOnlyCostUsd ?? -1,
      row.energyWh,
    ],
  };
}

export function writeDecisionPoints(analytics: DecisionAnalytics | null, rows: readonly DecisionRow[]): void {
  if (!analytics) return;
  try {
    for (const row of rows) analytics.writeDataPoint(decisionDataPoint(row));
  } catch (error) {
    console.error("decision analytics: a data point was not written", error);
  }
}

import type { Decision } from "../../clients/api-json.ts";

export interface CostSummary {
  /** Null when any answer's cost is unknown: a sum with an unknown part is unknown, never a low number. */
  cost_usd: number | null;
  large_only_cost_usd: number | null;
  savings_usd: number | null;
  /** Savings as a percentage (0..100) of the large-only cost, as GET /v1/stats gives it. */
  savings_pct: number | null;
}

/** What the answers cost, what the large model alone would have cost, and the difference. */
export function costSummary(decisions: Pick<Decision, "cost_usd" | "large_only_cost_usd">[]): CostSummary {
  const cost = sum(decisions.map((decision) => decision.cost_usd));
  // Absent (a Worker from before the field) is unknown, like null.
  const largeOnly = sum(decisions.map((decision) => decision.large_only_cost_usd));
  const savings = cost !== null && largeOnly !== null ? largeOnly - cost : null;
  return {
    cost_usd: cost,
    large_only_cost_usd: largeOnly,
    savings_usd: savings,
    savings_pct: savings !== null && largeOnly !== null && largeOnly > 0 ? (100 * savings) / largeOnly : null,
  };
}

function sum(values: (number | null | undefined)[]): number | null {
  let total = 0;
  for (const value of values) {
    if (typeof value !== "number") return null;
    total += value;
  }
  return total;
}

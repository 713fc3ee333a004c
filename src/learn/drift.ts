import { NEVER_ANSWER } from "./candidate.ts";
import { chooseThreshold } from "./threshold-choice.ts";

/** An edge answer that the large model also gave in the background. */
export interface ShadowCheck {
  edgeConfidence: number;
  agree: boolean;
}

export interface DriftAssessment {
  agreement: number;
  drifted: boolean;
  /** The raised threshold when drifted; never lower than the current one. */
  threshold: number | null;
}

/** Fewer checks than this say too little to act on. */
export const MIN_SHADOW_CHECKS = 30;

/**
 * Compares live agreement between edge and large model with the target. When it falls below
 * the target by more than `margin`, the threshold rises to the lowest one at which these
 * requests, with the less confident ones sent to the large model, would have met the target.
 */
export function assessDrift(checks: readonly ShadowCheck[], target: number, margin: number, currentThreshold: number): DriftAssessment {
  const agreement = checks.length === 0 ? 1 : checks.filter((c) => c.agree).length / checks.length;
  if (checks.length < MIN_SHADOW_CHECKS || agreement >= target - margin) return { agreement, drifted: false, threshold: null };
  const choice = chooseThreshold(
    checks.map((c) => ({ confidence: c.edgeConfidence, correct: c.agree })),
    target,
  );
  const proposed = choice && Number.isFinite(choice.threshold) ? choice.threshold : NEVER_ANSWER;
  return { agreement, drifted: true, threshold: Math.max(currentThreshold, proposed) };
}

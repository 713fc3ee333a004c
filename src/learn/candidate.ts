import { predict, type CompactClassifier } from "./classifier.ts";
import { chooseThreshold, thresholdForFallbackRate, type ScoredPrediction, type ThresholdChoice } from "./threshold-choice.ts";
import { novelTextEvidence } from "./novelty-probe.ts";
import { trainClassifier } from "./train.ts";

/** What the user asked the cascade for: an accuracy, or a cap on the share sent to the large model. */
export interface LearningTarget {
  accuracy: number | null;
  maxFallbackRate: number | null;
  /** The task's "none of these" label, whose recall the threshold must protect. */
  noneLabel?: string | null;
}

export interface CandidateInput {
  /** Labelled texts, oldest first. */
  examples: readonly { text: string; label: string }[];
  active: CompactClassifier | null;
  target: LearningTarget;
  seed: number;
  /** Share of the newest examples held out to compare candidate and active model (default 0.2). */
  holdoutFraction?: number;
}

export interface CandidateReport {
  /** The candidate exactly as judged: its threshold was chosen on the slice it never saw. */
  model: CompactClassifier;
  /** Null when there is no target: the task's threshold or the default applies. */
  threshold: number | null;
  verdict: "promoted" | "rejected";
  reason: string;
  metrics: Record<string, number | null>;
}

/** Below this many held-out examples a comparison says little; the candidate is judged on its own. */
const MIN_HOLDOUT = 10;
/** A threshold the edge never reaches: everything goes to the large model. */
export const NEVER_ANSWER = 1.01;

/**
 * Trains a candidate on all but the newest examples, scores it and the active model on those
 * newest ones (the traffic the next model will see is most like them), picks the threshold
 * that meets the target with the largest edge share, and promotes the candidate only if it is
 * not worse than the active model on the same slice. The candidate is not refit on the slice:
 * a refit model would be more confident than the one the threshold was chosen for. The newest
 * labels reach the next version.
 */
export function evaluateCandidate(input: CandidateInput): CandidateReport {
  const n = input.examples.length;
  const holdoutSize = Math.floor(n * (input.holdoutFraction ?? 0.2));
  const useHoldout = holdoutSize >= MIN_HOLDOUT && n - holdoutSize >= 2;
  const fitted = useHoldout ? input.examples.slice(0, n - holdoutSize) : input.examples;
  const holdout = useHoldout ? input.examples.slice(n - holdoutSize) : [];

  const candidate = trainClassifier(fitted, { seed: input.seed });
  const scored = holdout.map((example) => {
    const prediction = predict(candidate.model, example.text);
    return { confidence: prediction.confidence, correct: prediction.label === example.label };
  });
  const candidateAccuracy = accuracy(scored);
  const activeAccuracy = input.active && useHoldout ? accuracy(holdout.map((e) => ({ correct: predict(input.active!, e.text).label === e.label }))) : null;

  // Without a time-ordered slice, the trainer's own held-out predictions are all there is.
  const thresholdEvidence = useHoldout
    ? scored
    : candidate.holdout.map((p) => ({ confidence: p.confidence, correct: p.label === p.gold }));
  const noneLabel = input.target.noneLabel ?? null;
  const noneEvidence =
    noneLabel && input.target.accuracy !== null && useHoldout
      ? [...scored.filter((_, i) => holdout[i].label === noneLabel), ...novelTextEvidence(fitted, noneLabel, input.seed)]
      : [];
  const choice = input.target.accuracy !== null ? chooseThreshold(thresholdEvidence, input.target.accuracy, noneEvidence) : null;
  const threshold = thresholdFor(input.target, thresholdEvidence, choice);

  let verdict: CandidateReport["verdict"] = "promoted";
  let reason: string;
  if (!input.active) reason = "first model of the task";
  else if (activeAccuracy === null) reason = `too few examples (${n}) for a held-out comparison; promoted on its own`;
  else if (candidateAccuracy! >= activeAccuracy) reason = `held-out accuracy ${pct(candidateAccuracy!)} ≥ active ${pct(activeAccuracy)} on the newest ${holdoutSize} examples`;
  else {
    verdict = "rejected";
    reason = `held-out accuracy ${pct(candidateAccuracy!)} < active ${pct(activeAccuracy)} on the newest ${holdoutSize} examples`;
  }
  return {
    model: candidate.model,
    threshold,
    verdict,
    reason,
    metrics: {
      examples: n,
      holdout_examples: holdout.length,
      holdout_accuracy: candidateAccuracy,
      active_holdout_accuracy: activeAccuracy,
      holdout_edge_share: choice?.edgeShare ?? null,
      holdout_edge_accuracy: choice ? choice.edgeAccuracy : null,
      holdout_cascade_accuracy: choice ? choice.cascadeAccuracy : null,
      none_evidence: noneEvidence.length || null,
      temperature: candidate.metrics.temperature,
      ece: candidate.metrics.ece,
    },
  };
}

function thresholdFor(target: LearningTarget, evidence: ScoredPrediction[], choice: ThresholdChoice | null): number | null {
  if (target.accuracy !== null) return choice ? finite(choice.threshold) : NEVER_ANSWER;
  if (target.maxFallbackRate !== null) return finite(thresholdForFallbackRate(evidence, target.maxFallbackRate));
  return null;
}

function finite(threshold: number | null): number | null {
  return threshold === null ? null : Number.isFinite(threshold) ? threshold : NEVER_ANSWER;
}

function accuracy(items: readonly { correct: boolean }[]): number | null {
  return items.length === 0 ? null : items.filter((i) => i.correct).length / items.length;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

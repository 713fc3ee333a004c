/** A held-out prediction: how sure the model was and whether it agreed with the reference label. */
export interface ScoredPrediction {
  confidence: number;
  correct: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** Share of held-out items the edge would answer at this threshold. */
  edgeShare: number;
  /** Accuracy of the edge on those items. */
  edgeAccuracy: number;
  /** Accuracy of the whole cascade, counting the items sent on as answered like the reference. */
  cascadeAccuracy: number;
}

/** One-sided 95% (z = 1.645) lower confidence bound of a proportion (Wilson score interval). */
export function wilsonLowerBound(successes: number, trials: number, z = 1.645): number {
  if (trials === 0) return 0;
  const p = successes / trials;
  const z2 = z * z;
  return (p + z2 / (2 * trials) - z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
}

/**
 * The lowest confidence threshold at which the cascade still reaches `targetAccuracy`: the
 * largest edge share that keeps the promise. Items below the threshold go to the large model,
 * whose answers are the reference labels, so they count as right; the target is thus on the
 * cascade's agreement with its reference, which is what a user can measure. The edge's
 * accuracy enters as its 95% lower bound, so a handful of lucky held-out items does not open
 * the gate. `noneEvidence`, when given, are texts for which no real label fits: the share the
 * edge would get wrong must also stay within the target. Null when no items are given.
 */
export function chooseThreshold(
  predictions: readonly ScoredPrediction[],
  targetAccuracy: number,
  noneEvidence: readonly ScoredPrediction[] = [],
): ThresholdChoice | null {
  if (predictions.length === 0) return null;
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  const noneWrong = noneEvidence.filter((p) => !p.correct).map((p) => p.confidence).sort((a, b) => b - a);
  const n = sorted.length;
  let best: ThresholdChoice = { threshold: Number.POSITIVE_INFINITY, edgeShare: 0, edgeAccuracy: 1, cascadeAccuracy: 1 };
  let correct = 0;
  let noneAnsweredWrong = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i].correct) correct++;
    // Only cut between distinct confidences: ties are answered (or not) together.
    if (i + 1 < n && sorted[i + 1].confidence === sorted[i].confidence) continue;
    const threshold = sorted[i].confidence;
    while (noneAnsweredWrong < noneWrong.length && noneWrong[noneAnsweredWrong] >= threshold) noneAnsweredWrong++;
    const answered = i + 1;
    const cascadeAccuracy = (correct + (n - answered)) / n;
    const cautious = (answered * wilsonLowerBound(correct, answered) + (n - answered)) / n;
    const noneRecall = noneEvidence.length === 0 ? 1 : 1 - noneAnsweredWrong / noneEvidence.length;
    if (cautious >= targetAccuracy && noneRecall >= targetAccuracy) {
      best = { threshold, edgeShare: answered / n, edgeAccuracy: correct / answered, cascadeAccuracy };
    }
  }
  return best;
}

/**
 * The threshold that keeps the share sent to the large model at or under `maxFallbackRate`,
 * as high as that allows (so the edge answers only what it must).
 */
export function thresholdForFallbackRate(predictions: readonly ScoredPrediction[], maxFallbackRate: number): number | null {
  if (predictions.length === 0) return null;
  const sorted = predictions.map((p) => p.confidence).sort((a, b) => b - a);
  const mustAnswer = Math.ceil((1 - maxFallbackRate) * sorted.length);
  return mustAnswer === 0 ? Number.POSITIVE_INFINITY : sorted[mustAnswer - 1];
}

/** A held-out prediction: how sure the model was and whether it was right. */
export interface ScoredPrediction {
  confidence: number;
  correct: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** Share of held-out items the edge would answer at this threshold. */
  edgeShare: number;
  /** Accuracy on those items. */
  edgeAccuracy: number;
}

/**
 * The lowest confidence threshold at which the held-out items answered at the edge reach
 * `targetAccuracy`: the largest edge share that keeps the promise. Null when no threshold
 * reaches the target (everything should go to the large model).
 */
export function chooseThreshold(predictions: readonly ScoredPrediction[], targetAccuracy: number): ThresholdChoice | null {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  let best: ThresholdChoice | null = null;
  let correct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].correct) correct++;
    // Only cut between distinct confidences: ties are answered (or not) together.
    if (i + 1 < sorted.length && sorted[i + 1].confidence === sorted[i].confidence) continue;
    const answered = i + 1;
    const accuracy = correct / answered;
    if (accuracy >= targetAccuracy) {
      best = { threshold: sorted[i].confidence, edgeShare: answered / sorted.length, edgeAccuracy: accuracy };
    }
  }
  return best;
}

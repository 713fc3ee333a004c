import { predict } from "./classifier.ts";
import { createRandom, shuffled } from "./random.ts";
import type { ScoredPrediction } from "./threshold-choice.ts";
import { trainClassifier } from "./train.ts";

/** Share of the real labels the probe never sees. */
const LEFT_OUT_SHARE = 0.2;
/** Enough texts to estimate a leak rate of a few percent; more only costs time. */
const MAX_NOVEL_TEXTS = 800;
const MIN_LABELS = 5;

/**
 * Evidence of how the edge treats texts that fit none of its labels, made from the task's own
 * examples: a probe model is trained without a fifth of the labels, and the texts of those
 * labels are, to it, exactly that. Each is "correct" only if the probe answers the task's
 * "none of these" label; answering anything else with enough confidence is a leak the
 * threshold must keep within the target. The few real "none" examples in traffic are too
 * few, and too alike, to stand for everything a model has never seen.
 */
export function novelTextEvidence(
  examples: readonly { text: string; label: string }[],
  noneLabel: string,
  seed: number,
): ScoredPrediction[] {
  const labels = [...new Set(examples.map((e) => e.label))].filter((label) => label !== noneLabel).sort();
  if (labels.length < MIN_LABELS) return [];
  const random = createRandom(seed ^ 0x9e3779b9);
  const leftOut = new Set(shuffled(labels, random).slice(0, Math.ceil(labels.length * LEFT_OUT_SHARE)));
  const known = examples.filter((e) => !leftOut.has(e.label));
  const novel = shuffled(
    examples.filter((e) => leftOut.has(e.label)),
    random,
  ).slice(0, MAX_NOVEL_TEXTS);
  const probe = trainClassifier(known, { seed }).model;
  return novel.map((example) => {
    const prediction = predict(probe, example.text);
    return { confidence: prediction.confidence, correct: prediction.label === noneLabel };
  });
}

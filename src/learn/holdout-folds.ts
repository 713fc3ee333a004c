/** Held-out folds for calibration: stratified by label, with duplicate texts kept together. */
import { type FeatureCounts } from "./features.ts";
import { createRandom, shuffled } from "./random.ts";
import { normaliseText } from "./tokens.ts";

export interface Encoded {
  readonly counts: FeatureCounts;
  readonly gold: number;
  readonly text: string;
}

// Below these, a held-out fold is too small to fit a temperature without over-fitting it.
const MIN_HOLDOUT_EXAMPLES = 20;
const MIN_EXAMPLES_PER_LABEL = 4;

/**
 * Disjoint held-out folds, each paired with the rest of the data; none when the data is too
 * small or has a single label (the caller then keeps temperature 1). A text that occurs more
 * than once is held out whole or not at all, so held-out accuracy is not flattered by copies.
 */
export function calibrationFolds(examples: readonly Encoded[], labelCount: number, fraction: number, folds: number, seed: number) {
  const share = Math.min(0.5, Math.max(0.05, fraction));
  const slices = Math.floor(1 / share);
  const foldCount = Math.min(folds, slices);
  if (labelCount < 2 || foldCount < 1 || Math.floor(examples.length * share) < MIN_HOLDOUT_EXAMPLES) return [];
  const byLabel = new Map<number, Encoded[]>();
  for (const example of examples) {
    const group = byLabel.get(example.gold);
    if (group) group.push(example);
    else byLabel.set(example.gold, [example]);
  }
  // Deal each label's shuffled examples round-robin into slices; copies follow their first.
  const random = createRandom(seed ^ 0x5eed);
  const sliceOfText = new Map<string, number>();
  const sliceOf = new Map<Encoded, number>();
  let next = 0;
  for (const group of byLabel.values()) {
    // A label with too few examples stays in training, so every fold model knows it.
    if (group.length < MIN_EXAMPLES_PER_LABEL) continue;
    for (const example of shuffled(group, random)) {
      const key = normaliseText(example.text).trim();
      let slice = sliceOfText.get(key);
      if (slice === undefined) sliceOfText.set(key, (slice = next++ % slices));
      sliceOf.set(example, slice);
    }
  }
  return Array.from({ length: foldCount }, (_, fold) => ({
    train: examples.filter((e) => sliceOf.get(e) !== fold),
    test: examples.filter((e) => sliceOf.get(e) === fold),
  }));
}

import type { Decision } from "../cascade/types.ts";
import { textToKeep } from "../privacy/kept-text.ts";
import type { NewExample } from "../storage/examples.ts";
import { CACHE_TIER } from "../tiers/answer-cache.ts";

/**
 * The large model's answers that become training labels: texts a remote tier answered with
 * an accepted label. Only called for tasks that keep text; the text is masked before storage.
 */
export function capturedLabels(texts: readonly string[], decisions: readonly Decision<string>[], decisionIds: readonly string[]): NewExample[] {
  return decisions.flatMap((decision, i) =>
    // A cached answer (tier `cache`) was captured when its first decision was made.
    decision.status === "ok" && decision.tier !== "edge" && decision.tier !== CACHE_TIER && decision.output !== null
      ? [{ text: textToKeep(texts[i]), label: decision.output, decisionId: decisionIds[i] }]
      : [],
  );
}

/** Edge answers picked, at `rate`, to be checked by the large model in the background. */
export function shadowSample(decisions: readonly Decision<string>[], rate: number, random: () => number = Math.random): number[] {
  if (rate <= 0) return [];
  return decisions.flatMap((decision, i) => (decision.tier === "edge" && decision.status === "ok" && random() < rate ? [i] : []));
}

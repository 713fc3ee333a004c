/** The fewest new labels that start an automatic retrain. */
export const AUTO_RETRAIN_MIN_LABELS = 20;
/** Without `retrain_every`, retrain when labels have grown by this share since the last version. */
export const AUTO_RETRAIN_GROWTH = 0.25;

/**
 * Whether enough labels have arrived since the last version to train a new one. With an
 * explicit `retrainEvery`, every that many; otherwise when the labels have grown by a quarter
 * (at least 20): early models come quickly, and a large task is not retrained on every label.
 */
export function shouldRetrain(labelsNow: number, labelsAtLastVersion: number, retrainEvery: number | null): boolean {
  const fresh = labelsNow - labelsAtLastVersion;
  if (retrainEvery !== null) return fresh >= retrainEvery;
  return fresh >= Math.max(AUTO_RETRAIN_MIN_LABELS, Math.ceil(AUTO_RETRAIN_GROWTH * labelsAtLastVersion));
}

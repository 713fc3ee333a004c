/**
 * The features a model knows: an open-addressing hash table from a 32-bit feature hash to
 * its row in the weight matrix. Key and row share one slot in one typed array, so a lookup
 * touches one cache line.
 */

export interface Vocabulary {
  /** Slot pairs [key, row + 1]; a zero key marks an empty slot, so hash 0 is stored as 1. */
  readonly slots: Uint32Array;
  /** Number of features (rows). */
  readonly size: number;
}

/** Builds a table for the given distinct hashes; hash i gets row i. */
export function buildVocabulary(hashes: ArrayLike<number>): Vocabulary {
  let capacity = 16;
  while (capacity < hashes.length * 2) capacity *= 2; // load factor <= 0.5 keeps probes short
  const slots = new Uint32Array(capacity * 2);
  const mask = capacity - 1;
  for (let row = 0; row < hashes.length; row++) {
    const key = hashes[row] === 0 ? 1 : hashes[row];
    let slot = key & mask;
    while (slots[slot * 2] !== 0 && slots[slot * 2] !== key) slot = (slot + 1) & mask;
    slots[slot * 2] = key;
    slots[slot * 2 + 1] = row;
  }
  return { slots, size: hashes.length };
}

/** Row of a feature hash, or -1 when the model never saw it. */
export function lookup(vocabulary: Vocabulary, hash: number): number {
  const key = hash === 0 ? 1 : hash;
  const { slots } = vocabulary;
  const mask = (slots.length >>> 1) - 1;
  let slot = key & mask;
  for (;;) {
    const found = slots[slot * 2];
    if (found === key) return slots[slot * 2 + 1];
    if (found === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/**
 * The features a model knows: an open-addressing hash table from a 32-bit feature hash
 * to its row in the weight matrix. Two typed arrays, so it encodes and decodes as-is.
 */

export interface Vocabulary {
  /** Slot table (length a power of two); 0 marks an empty slot, so hash 0 is stored as 1. */
  readonly keys: Uint32Array;
  /** Row of the feature in each slot. */
  readonly rows: Int32Array;
  /** Number of features (rows). */
  readonly size: number;
}

/** Builds a table for the given distinct hashes; hash i gets row i. */
export function buildVocabulary(hashes: ArrayLike<number>): Vocabulary {
  let capacity = 16;
  while (capacity < hashes.length * 2) capacity *= 2; // load factor <= 0.5 keeps probes short
  const keys = new Uint32Array(capacity);
  const rows = new Int32Array(capacity).fill(-1);
  const mask = capacity - 1;
  for (let row = 0; row < hashes.length; row++) {
    const key = hashes[row] === 0 ? 1 : hashes[row];
    let slot = key & mask;
    while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
    keys[slot] = key;
    rows[slot] = row;
  }
  return { keys, rows, size: hashes.length };
}

/** Row of a feature hash, or -1 when the model never saw it. */
export function lookup(vocabulary: Vocabulary, hash: number): number {
  const key = hash === 0 ? 1 : hash;
  const mask = vocabulary.keys.length - 1;
  let slot = key & mask;
  for (;;) {
    const found = vocabulary.keys[slot];
    if (found === key) return vocabulary.rows[slot];
    if (found === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

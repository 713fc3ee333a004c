/**
 * Turns trained float weights into the compact sparse int8 matrix the model ships.
 *
 * Adding a constant to every weight of a feature row shifts all logits equally and leaves
 * the softmax unchanged, so each row is first centred on its median; most weights then sit
 * near zero and only the largest contributions (|w| times the feature's IDF, which bounds its
 * value) are kept, up to a budget. Inference touches only kept entries, which is what makes
 * it fast, and int8 with one scale per row keeps each row's relative error near 1/254.
 */

/** Compressed sparse rows: row r's entries are [rowStart[r], rowStart[r+1]). */
export interface SparseWeights {
  readonly rowStart: Uint32Array;
  readonly columns: Uint16Array;
  readonly weights: Int8Array;
  readonly rowScales: Float32Array;
}

/** Centres, prunes to at most `budget` entries, and quantises a row-major [rows][width] matrix. */
export function sparsifyRows(matrix: Float32Array, width: number, importance: Float32Array, budget: number): SparseWeights {
  const rows = width > 0 ? matrix.length / width : 0;
  const centred = Float32Array.from(matrix);
  const scratch = new Float32Array(width);
  for (let r = 0; r < rows; r++) {
    scratch.set(matrix.subarray(r * width, (r + 1) * width));
    scratch.sort();
    const median = scratch[width >> 1];
    for (let k = 0; k < width; k++) centred[r * width + k] -= median;
  }
  const threshold = keepThreshold(centred, width, importance, budget);
  const rowStart = new Uint32Array(rows + 1);
  const columns: number[] = [];
  const values: number[] = [];
  const rowScales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let largest = 0;
    for (let k = 0; k < width; k++) largest = Math.max(largest, Math.abs(centred[r * width + k]));
    const scale = largest / 127;
    rowScales[r] = scale;
    for (let k = 0; k < width; k++) {
      const w = centred[r * width + k];
      const q = scale > 0 ? Math.round(w / scale) : 0;
      if (q !== 0 && Math.abs(w) * importance[r] >= threshold) {
        columns.push(k);
        values.push(q);
      }
    }
    rowStart[r + 1] = columns.length;
  }
  return { rowStart, columns: Uint16Array.from(columns), weights: Int8Array.from(values), rowScales };
}

/** The contribution below which entries are dropped so that at most `budget` remain. */
function keepThreshold(centred: Float32Array, width: number, importance: Float32Array, budget: number): number {
  if (centred.length <= budget) return 0;
  const contribution = new Float32Array(centred.length);
  for (let i = 0; i < centred.length; i++) contribution[i] = Math.abs(centred[i]) * importance[Math.floor(i / width)];
  contribution.sort();
  return contribution[contribution.length - budget];
}

// Gate blocks moved from a layout's stored order to the canonical one. The one permutation every layout goes
// through; which block goes where comes from naming.ts (storedGateOrder), never from here.
import type { Matrix } from '../linalg/matrix';

/**
 * The rows of `m` (g blocks of `block` rows each, in stored order) in canonical order: block k of the result is
 * stored block order[k]. Values are copied, never recomputed, so every layout gives the same bits.
 */
export function canonicalGateRows(m: Matrix, order: readonly number[], block: number): Matrix {
  const data = new Float64Array(m.rows * m.cols);
  const blockLength = block * m.cols;
  order.forEach((stored, k) => {
    data.set(m.data.subarray(stored * blockLength, (stored + 1) * blockLength), k * blockLength);
  });
  return { rows: m.rows, cols: m.cols, data };
}

/** A gate-stacked vector (g blocks of `block` entries) in canonical order. */
export function canonicalGateVector(v: Float64Array, order: readonly number[], block: number): Float64Array {
  const out = new Float64Array(v.length);
  order.forEach((stored, k) => out.set(v.subarray(stored * block, (stored + 1) * block), k * block));
  return out;
}

/** Block k (rows k·block … (k+1)·block − 1) of a gate-stacked matrix, as its own matrix. */
export function gateBlock(m: Matrix, k: number, block: number): Matrix {
  return { rows: block, cols: m.cols, data: m.data.slice(k * block * m.cols, (k + 1) * block * m.cols) };
}

// The gated curves' product J_next = scale · J · A for a step Jacobian A that changes every step (unlike W_hh's
// fixed one): A's dense columns R (S × cols) are packed afresh for each product, and an LSTM's c columns, where
// ∂c'/∂c and ∂u/∂c are diagonal, cost O(S·n): J_next[:, cols + k] = J[:, k]·d_h[k] + J[:, cols + k]·d_c[k].
// A sits in one of two slots, so the caller can write the next step's A while this one's product runs.
// Rows are cut into chunks of CHUNK_ROWS; each chunk's rows and Σ squares are the same whichever thread
// computes them (the same blocked loop, summed row by row), so splitting changes no bit.
import { BlockedProduct, type MicroKernel } from './blocked-product';
import { newJavascriptKernel } from './gemm-js';
import { newWasmKernel } from './gemm-wasm';
import type { Matrix } from './matrix';
import { CHUNK_ROWS, chunkCount } from './row-splitter';
import { spectralNorm } from './svd';

export { CHUNK_ROWS, chunkCount };

/** The buffers of one curve's products (shared when a helper thread joins). */
export interface StepProductBuffers {
  /** S: rows and columns of J. */
  S: number;
  /** Dense columns of A (R is S × cols). */
  cols: number;
  /** Diagonal columns after them (0, or n with cols = n: an LSTM without a projection). */
  diagonalCols: number;
  /** The two S×S buffers that take turns as J and J_next. */
  J: [Float64Array, Float64Array];
  /** Two slots of A's dense columns, S × cols, row-major. */
  R: [Float64Array, Float64Array];
  /** Two slots of d_h then d_c (2·diagonalCols). */
  diagonal: [Float64Array, Float64Array];
}

export function createStepProductBuffers(
  S: number,
  cols: number,
  diagonalCols: number,
  make: (bytes: number) => ArrayBufferLike,
): StepProductBuffers {
  if (cols + diagonalCols !== S) throw new RangeError(`step product: ${cols} + ${diagonalCols} columns, S = ${S}`);
  if (diagonalCols !== 0 && diagonalCols !== cols) throw new RangeError('step product: diagonal columns must pair h');
  const f64 = (length: number): Float64Array => new Float64Array(make(length * 8));
  return {
    S,
    cols,
    diagonalCols,
    J: [f64(S * S), f64(S * S)],
    R: [f64(S * cols), f64(S * cols)],
    diagonal: [f64(2 * diagonalCols), f64(2 * diagonalCols)],
  };
}

/** One thread's packed copy of R for the current product: packed once per product, on first use. */
export class StepProductPacker {
  private kernel: MicroKernel | null = newWasmKernel();
  private packed: BlockedProduct | null = null;
  private packedFor = -1;

  product(buffers: StepProductBuffers, slot: 0 | 1, generation: number): BlockedProduct {
    if (this.packed && this.packedFor === generation) return this.packed;
    const { S, cols } = buffers;
    const R = buffers.R[slot];
    let packed = this.kernel ? BlockedProduct.pack(this.kernel, R, S, cols) : null;
    if (!packed) {
      // The SIMD kernel could not have the memory: JavaScript from here on (the same bits).
      this.kernel = newJavascriptKernel();
      packed = BlockedProduct.pack(this.kernel, R, S, cols);
      if (!packed) throw new RangeError(`a ${S}×${cols} step Jacobian does not fit in memory`);
    }
    this.packed = packed;
    this.packedFor = generation;
    return packed;
  }
}

/** What one product is: J[1 − source] = scale · J[source] · (the A in slot). */
export interface StepProductRequest {
  source: 0 | 1;
  slot: 0 | 1;
  scale: number;
}

/** Rows of one chunk of the product; returns their Σ squares, summed row by row. */
export function computeStepChunk(
  buffers: StepProductBuffers,
  packed: BlockedProduct,
  { source, slot, scale }: StepProductRequest,
  chunk: number,
): number {
  const { S, cols, diagonalCols } = buffers;
  const diagonal = buffers.diagonal[slot];
  const from = buffers.J[source];
  const to = buffers.J[1 - source];
  const i0 = chunk * CHUNK_ROWS;
  const i1 = Math.min(S, i0 + CHUNK_ROWS);
  // The dense columns straight into J_next's rows, scaled; then the diagonal c columns.
  let sumSq = packed.rowsScaledWithSumOfSquares(from, i0, i1, to, S, scale);
  for (let i = i0; i < i1; i++) {
    const row = i * S;
    let s0 = 0;
    let s1 = 0;
    for (let k = 0; k < diagonalCols; k++) {
      const v = (from[row + k] * diagonal[k] + from[row + cols + k] * diagonal[diagonalCols + k]) * scale;
      to[row + cols + k] = v;
      if ((k & 1) === 0) s0 += v * v;
      else s1 += v * v;
    }
    sumSq += s0 + s1;
  }
  return sumSq;
}

/** A spectral norm the splitter may hand to the other thread with the product: ‖matrix‖₂, warm-started. */
export interface SideNormTask {
  readonly matrix: Matrix;
  readonly startLeft?: Float64Array;
}

export interface SideNormResult {
  readonly value: number;
  readonly leftVector: Float64Array;
}

/** The one way a side norm is computed, on either thread: the same input gives the same bits. */
export function computeSideNorm(task: SideNormTask): SideNormResult {
  const s = spectralNorm(task.matrix, task.startLeft ? { startLeft: task.startLeft } : {});
  return { value: s.value, leftVector: s.leftVector };
}

/** Whoever computes the products: this thread alone, or with a helper (parallel/step-board.ts). */
export interface StepSplitter {
  /** Read them again after complete(): a splitter may replace them. */
  readonly buffers: StepProductBuffers;
  /**
   * Start J[1 − source] = scale · J[source] · A, A already written into slot `slot` of buffers.R and .diagonal;
   * and the side norms (at most the count the splitter was opened with; their matrices are copied).
   */
  publish(request: StepProductRequest, sides?: readonly SideNormTask[]): void;
  /** Finish it; returns Σ squares of the result. */
  complete(): number;
  /** The side norms of the last product, in order, after complete(). */
  readonly sideResults: readonly SideNormResult[];
  close(): void;
  readonly chunksHere: number;
  readonly chunksInAll: number;
}

/** `sides`: how many side norms a product may carry, of matrices up to size × size. */
export type OpenStepSplitter = (
  S: number,
  cols: number,
  diagonalCols: number,
  sides?: { count: number; size: number },
) => StepSplitter;

export const serialStepSplitter: OpenStepSplitter = (S, cols, diagonalCols) => {
  const buffers = createStepProductBuffers(S, cols, diagonalCols, (bytes) => new ArrayBuffer(bytes));
  const packer = new StepProductPacker();
  let request: StepProductRequest = { source: 0, slot: 0, scale: 1 };
  let tasks: readonly SideNormTask[] = [];
  let results: SideNormResult[] = [];
  let generation = 0;
  let chunks = 0;
  return {
    buffers,
    publish(next: StepProductRequest, sides: readonly SideNormTask[] = []) {
      request = { ...next };
      tasks = sides;
      generation++;
    },
    complete() {
      const packed = packer.product(buffers, request.slot, generation);
      let sumSq = 0;
      for (let c = 0; c < chunkCount(S); c++) sumSq += computeStepChunk(buffers, packed, request, c);
      chunks += chunkCount(S);
      results = tasks.map(computeSideNorm);
      return sumSq;
    },
    get sideResults() {
      return results;
    },
    close() {},
    get chunksHere() {
      return chunks;
    },
    get chunksInAll() {
      return chunks;
    },
  };
};

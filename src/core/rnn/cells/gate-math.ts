// Small pieces every gated cell uses: the logistic σ, ONNX's clip of a pre-activation, and the state check.
import { InputError } from '../../errors';
import { wasmMatVec, type MatVecBuffer } from '../../linalg/gemv-wasm';
import type { Matrix } from '../../linalg/matrix';

export const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));

/** A pre-activation clipped to [−clip, clip] (ONNX `clip`), and whether it lay inside (else its derivative is 0). */
export function clipped(a: number, clip: number | undefined): number {
  if (clip === undefined) return a;
  return a > clip ? clip : a < -clip ? -clip : a;
}

export function insideClip(a: number, clip: number | undefined): number {
  return clip === undefined || (a >= -clip && a <= clip) ? 1 : 0;
}

/** y += M x for M rows × cols row-major, starting at row r0 of M (a gate's block of rows). */
export function addBlockTimes(
  data: Float64Array,
  cols: number,
  r0: number,
  rows: number,
  x: Float64Array,
  y: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    const row = (r0 + i) * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[row + j] * x[j];
    y[i] += s;
  }
}

/** Throws when a state entry is not a finite number: nothing past that step can be followed. */
export function assertFiniteState(file: string, what: string, values: Float64Array, step: number, cell: string): void {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new InputError(
        file,
        'W_hh',
        `the state is not a finite number at step ${step} (unit ${i} of ${what}_${step}, ${cell}): the weights or ` +
          'inputs are too large for float64 (an ∞ − ∞ or 0·∞ inside a gate), so no trajectory can be followed',
      );
}

/** y = W h and y = Wᵀ δ over every row of W (a gate's pre-activations from h, and back). */
export interface RecurrentProducts {
  times(h: Float64Array, y: Float64Array): void;
  transposedTimes(delta: Float64Array, y: Float64Array): void;
}

/**
 * W's products for one pass over the steps: WebAssembly SIMD where available (a copy of W in its memory, valid
 * until the next wasmMatVec on this thread with the same buffer: a pass that runs Lanczos between steps asks
 * for the `steps` buffer), else loops.
 */
export function recurrentProducts(W: Matrix, buffer: MatVecBuffer = 'lanczos'): RecurrentProducts {
  const simd = W.rows * W.cols >= 4096 ? wasmMatVec(W.data, W.rows, W.cols, buffer) : null;
  if (simd) return { times: simd.mul, transposedTimes: simd.mulTransposed };
  return {
    times(h, y) {
      y.fill(0, 0, W.rows);
      addBlockTimes(W.data, W.cols, 0, W.rows, h, y);
    },
    transposedTimes(delta, y) {
      y.fill(0, 0, W.cols);
      for (let i = 0; i < W.rows; i++) {
        const d = delta[i];
        if (d === 0) continue;
        const row = i * W.cols;
        for (let j = 0; j < W.cols; j++) y[j] += W.data[row + j] * d;
      }
    },
  };
}

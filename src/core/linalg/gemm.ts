// C = A·B for float64 matrices: the hot loop of the Jacobian curve (T products of n×n matrices).
// A WebAssembly SIMD kernel when the runtime has one, else the blocked JavaScript kernel; both pack
// cache-sized panels and run a 4×4 register tile, so they add products in the same order.
//
// Measured on this machine (Node 20, AMD EPYC, one thread, best of 4–20 runs, while the 2 shared cores
// had a load average of 10+, so large sizes vary run to run), in GFLOP/s (2n³ flops per product):
//   n            128    256    512      1024
//   WASM SIMD    19     21     9–20     9–18
//   JavaScript   2.3    1.3–2.3 1.2–2.0 1.5–1.7
// A 4×4 tile beat 4×6 and 6×4 (those spill v128 registers). `benchLinalg` in src/bench/linalg.ts re-measures.
import { gemmJs } from './gemm-js';
import { gemmWasm } from './gemm-wasm';
import { zeros, type Matrix } from './matrix';

export interface GemmOptions {
  /** Force the pure-JavaScript kernel (tests, comparisons). */
  javascriptOnly?: boolean;
}

/** C = A·B (C is overwritten and returned; it may not share storage with A or B). */
export function gemm(a: Matrix, b: Matrix, c?: Matrix, options: GemmOptions = {}): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`gemm: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const out = c ?? zeros(m, n);
  if (out.rows !== m || out.cols !== n) throw new RangeError(`gemm: output is ${out.rows}×${out.cols}, expected ${m}×${n}`);
  if (overlaps(out.data, a.data) || overlaps(out.data, b.data)) throw new RangeError('gemm: output shares storage with an operand');
  if (m === 0 || n === 0) return out;
  if (k === 0) {
    out.data.fill(0, 0, m * n);
    return out;
  }
  if (!options.javascriptOnly && gemmWasm(a.data, b.data, out.data, m, k, n)) return out;
  gemmJs(a.data, b.data, out.data, m, k, n);
  return out;
}

function overlaps(x: Float64Array, y: Float64Array): boolean {
  if (x.buffer !== y.buffer) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + y.byteLength && y0 < x0 + x.byteLength;
}

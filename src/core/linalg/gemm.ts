// C = A·B for float64 matrices: the checks, then the blocked loop of blocked-product.ts with the fastest
// micro-kernel the runtime has (WebAssembly SIMD, else JavaScript). Both run a 4×4 register tile over the
// same packed panels, so they add products in the same order.
//
// Measured on this machine (Node 20, AMD EPYC, one thread, best of 4–20 runs, while the 2 shared cores
// had a load average of 10+, so large sizes vary run to run), in GFLOP/s (2n³ flops per product):
//   n            128    256    512      1024
//   WASM SIMD    19     21     9–20     9–18
//   JavaScript   2.3    1.3–2.3 1.2–2.0 1.5–1.7
// A 4×4 tile beat 4×6 and 6×4 (those spill v128 registers). `benchLinalg` in src/bench/linalg.ts re-measures.
import { BlockedProduct, type MicroKernel } from './blocked-product';
import { newJavascriptKernel } from './gemm-js';
import { newWasmKernel } from './gemm-wasm';
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
  if (out.rows !== m || out.cols !== n)
    throw new RangeError(`gemm: output is ${out.rows}×${out.cols}, expected ${m}×${n}`);
  if (overlaps(out.data, a.data) || overlaps(out.data, b.data))
    throw new RangeError('gemm: output shares storage with an operand');
  if (m === 0 || n === 0) return out;
  if (k === 0) {
    out.data.fill(0, 0, m * n);
    return out;
  }
  packForRows(b.data, k, n, { ...options, kernel: 'shared' }).rows(a.data, 0, m, out.data);
  return out;
}

let sharedWasmKernel: MicroKernel | null | undefined;

/**
 * B (k×n, row-major) packed for products by rows, with the SIMD kernel where it is available and has the
 * memory, else the JavaScript one. kernel 'shared': this thread's SIMD instance, for a product used at once
 * and dropped (the next call reuses its memory); 'own': an instance of its own, for a product kept across calls.
 */
export function packForRows(
  b: Float64Array,
  k: number,
  n: number,
  options: GemmOptions & { kernel: 'shared' | 'own' },
): BlockedProduct {
  if (!options.javascriptOnly) {
    if (options.kernel === 'shared' && sharedWasmKernel === undefined) sharedWasmKernel = newWasmKernel();
    const simd = options.kernel === 'shared' ? sharedWasmKernel : newWasmKernel();
    const product = simd && BlockedProduct.pack(simd, b, k, n);
    if (product) return product;
  }
  const product = BlockedProduct.pack(newJavascriptKernel(), b, k, n);
  if (!product) throw new RangeError(`a ${k}×${n} right operand does not fit in memory`);
  return product;
}

function overlaps(x: Float64Array, y: Float64Array): boolean {
  if (x.buffer !== y.buffer) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + y.byteLength && y0 < x0 + x.byteLength;
}

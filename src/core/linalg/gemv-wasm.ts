// Matrix–vector products y = A x and y = Aᵀ x with WebAssembly SIMD (f64x2), for the Lanczos steps of
// spectralNorm: each step streams the whole matrix twice, so for n in the hundreds these loops dominate.
// The matrix is copied once into the module's memory with rows padded to a multiple of 4 (zeros), so
// the kernels need no tail handling. Its own module instance, so gemm's buffers never alias it.
import { assembleModule, bodyBuilder, countDown, op, I32, V128 } from './wasm-assembler';
import { instantiateKernels, reserveFloat64 } from './wasm-memory';

interface Kernels {
  memory: WebAssembly.Memory;
  /** gemv(aPtr, xPtr, yPtr, rows, quads, strideBytes): y[i] = Σ_j A[i][j] x[j] over 4·quads columns */
  gemv: (a: number, x: number, y: number, rows: number, quads: number, stride: number) => void;
  /** gemvT(aPtr, xPtr, yPtr, rows, quads, strideBytes): y += Σ_i x[i] A[i][:] (y zeroed by the caller) */
  gemvT: (a: number, x: number, y: number, rows: number, quads: number, stride: number) => void;
  /** scan(aPtr, quads, outPtr): out[0] = max |a|, out[1] = Σ a² over 4·quads entries (NaN if any is NaN) */
  scan: (a: number, quads: number, out: number) => void;
}

function gemvBody(): number[] {
  const [A, X, Y, ROWS, QUADS, STRIDE] = [0, 1, 2, 3, 4, 5];
  const [i, j, pa, px, py, row] = [6, 7, 8, 9, 10, 11];
  const [acc0, acc1] = [12, 13];
  const { body, emit } = bodyBuilder();
  emit(op.get(A), op.set(row), op.get(Y), op.set(py), op.get(ROWS), op.set(i));
  emit(op.loop());
  emit(op.get(row), op.set(pa), op.get(row), op.get(STRIDE), op.i32Add(), op.set(row));
  emit(op.v128Zero(), op.set(acc0), op.v128Zero(), op.set(acc1), op.get(X), op.set(px), op.get(QUADS), op.set(j));
  emit(op.loop());
  emit(
    op.get(acc0),
    op.get(pa),
    op.v128Load(0),
    op.get(px),
    op.v128Load(0),
    op.f64x2Mul(),
    op.f64x2Add(),
    op.set(acc0),
  );
  emit(
    op.get(acc1),
    op.get(pa),
    op.v128Load(16),
    op.get(px),
    op.v128Load(16),
    op.f64x2Mul(),
    op.f64x2Add(),
    op.set(acc1),
  );
  emit(op.get(pa), op.i32(32), op.i32Add(), op.set(pa), op.get(px), op.i32(32), op.i32Add(), op.set(px));
  emit(countDown(j), op.end());
  // y[i] = lane 0 + lane 1 of acc0 + acc1
  emit(op.get(acc0), op.get(acc1), op.f64x2Add(), op.set(acc0));
  emit(
    op.get(py),
    op.get(acc0),
    op.f64x2ExtractLane(0),
    op.get(acc0),
    op.f64x2ExtractLane(1),
    op.f64Add(),
    op.f64Store(0),
  );
  emit(op.get(py), op.i32(8), op.i32Add(), op.set(py));
  emit(countDown(i), op.end());
  return body;
}

function gemvTBody(): number[] {
  const [A, X, Y, ROWS, QUADS, STRIDE] = [0, 1, 2, 3, 4, 5];
  const [i, j, pa, px, py, row] = [6, 7, 8, 9, 10, 11];
  const [xi] = [12];
  const { body, emit } = bodyBuilder();
  emit(op.get(A), op.set(row), op.get(X), op.set(px), op.get(ROWS), op.set(i));
  emit(op.loop());
  emit(op.get(row), op.set(pa), op.get(row), op.get(STRIDE), op.i32Add(), op.set(row));
  emit(op.get(px), op.v128Load64Splat(0), op.set(xi), op.get(Y), op.set(py), op.get(QUADS), op.set(j));
  emit(op.loop());
  for (const off of [0, 16]) {
    emit(
      op.get(py),
      op.get(py),
      op.v128Load(off),
      op.get(pa),
      op.v128Load(off),
      op.get(xi),
      op.f64x2Mul(),
      op.f64x2Add(),
      op.v128Store(off),
    );
  }
  emit(op.get(pa), op.i32(32), op.i32Add(), op.set(pa), op.get(py), op.i32(32), op.i32Add(), op.set(py));
  emit(countDown(j), op.end());
  emit(op.get(px), op.i32(8), op.i32Add(), op.set(px));
  emit(countDown(i), op.end());
  return body;
}

function scanBody(): number[] {
  const [A, QUADS, OUT] = [0, 1, 2];
  const [max0, max1, sq0, sq1, v] = [3, 4, 5, 6, 7];
  const { body, emit } = bodyBuilder();
  emit(op.v128Zero(), op.set(max0), op.v128Zero(), op.set(max1), op.v128Zero(), op.set(sq0), op.v128Zero());
  emit(op.set(sq1), op.loop());
  for (const [offset, max, sq] of [
    [0, max0, sq0],
    [16, max1, sq1],
  ]) {
    emit(op.get(A), op.v128Load(offset), op.set(v));
    emit(op.get(max), op.get(v), op.f64x2Abs(), op.f64x2Max(), op.set(max));
    emit(op.get(sq), op.get(v), op.get(v), op.f64x2Mul(), op.f64x2Add(), op.set(sq));
  }
  emit(op.get(A), op.i32(32), op.i32Add(), op.set(A), countDown(QUADS), op.end());
  emit(op.get(max0), op.get(max1), op.f64x2Max(), op.set(max0), op.get(sq0), op.get(sq1), op.f64x2Add(), op.set(sq0));
  emit(op.get(OUT), op.get(max0), op.f64x2ExtractLane(0), op.get(max0), op.f64x2ExtractLane(1), op.f64Max());
  emit(op.f64Store(0));
  emit(op.get(OUT), op.get(sq0), op.f64x2ExtractLane(0), op.get(sq0), op.f64x2ExtractLane(1), op.f64Add());
  emit(op.f64Store(8));
  return body;
}

/** Which of a thread's copies a MatVec lives in: Lanczos takes `lanczos`; a pass over a cell's steps that runs
 *  Lanczos between them (a gated curve's step operands) keeps its weights in `steps`. */
export type MatVecBuffer = 'lanczos' | 'steps';

let compiled: WebAssembly.Module | null | undefined;
const instances = new Map<MatVecBuffer, Kernels | null>();

function compiledKernels(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const locals: [number, number][] = [
      [6, I32],
      [2, V128],
    ];
    const bytes = assembleModule(
      [
        { name: 'gemv', params: 6, locals, body: gemvBody() },
        { name: 'gemvT', params: 6, locals, body: gemvTBody() },
        { name: 'scan', params: 3, locals: [[5, V128]], body: scanBody() },
      ],
      1,
    );
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

function loadKernels(buffer: MatVecBuffer): Kernels | null {
  const known = instances.get(buffer);
  if (known !== undefined) return known;
  let kernels: Kernels | null = null;
  const module = compiledKernels();
  const instance = module ? instantiateKernels(module) : null;
  if (instance) {
    const exports = instance as unknown as Kernels;
    kernels = { memory: exports.memory, gemv: exports.gemv, gemvT: exports.gemvT, scan: exports.scan };
  }
  instances.set(buffer, kernels);
  return kernels;
}

/** y = A x and y = Aᵀ x for one m×n row-major matrix. */
export interface MatVec {
  mul(x: Float64Array, y: Float64Array): void;
  mulTransposed(x: Float64Array, y: Float64Array): void;
  /** y = A(:, from:) x(from:) (the columns before `from` are skipped). */
  mulFrom(x: Float64Array, y: Float64Array, from: number): void;
  /** Replace the stored copy with the same-shaped matrix `a`. */
  load(a: Float64Array): void;
  /** The stored matrix's largest |entry| and Σ squares (in SIMD order; NaN when an entry is NaN). */
  stats(): { maxAbs: number; sumSq: number };
}

/**
 * A MatVec over a copy of `a` in WebAssembly memory, or null (no SIMD, too large, or empty). Valid until
 * the next call of this function with the same `buffer`: there is one of each per thread.
 */
export function wasmMatVec(a: Float64Array, m: number, n: number, buffer: MatVecBuffer = 'lanczos'): MatVec | null {
  const k = loadKernels(buffer);
  if (!k || m === 0 || n === 0) return null;
  const quads = Math.ceil(n / 4);
  const lda = 4 * quads;
  const xOff = m * lda;
  const yOff = xOff + Math.max(m, lda);
  const statsOff = yOff + Math.max(m, lda);
  const total = statsOff + 2;
  const mem = reserveFloat64(k.memory, total);
  if (!mem) return null;
  const load = (src: Float64Array): void => {
    for (let i = 0; i < m; i++) {
      mem.set(src.subarray(i * n, i * n + n), i * lda);
      if (lda > n) mem.fill(0, i * lda + n, i * lda + lda);
    }
  };
  load(a);
  return {
    load,
    stats() {
      k.scan(0, m * quads, statsOff * 8);
      return { maxAbs: mem[statsOff], sumSq: mem[statsOff + 1] };
    },
    mul(x, y) {
      mem.set(x.subarray(0, n), xOff);
      if (lda > n) mem.fill(0, xOff + n, xOff + lda);
      k.gemv(0, xOff * 8, yOff * 8, m, quads, lda * 8);
      y.set(mem.subarray(yOff, yOff + m));
    },
    mulFrom(x, y, from) {
      // Start at the quad holding column `from`; the columns before it get zero weights.
      const q0 = Math.floor(from / 4);
      const c0 = 4 * q0;
      if (q0 >= quads) {
        y.fill(0, 0, m);
        return;
      }
      mem.fill(0, xOff + c0, xOff + from);
      mem.set(x.subarray(from, n), xOff + from);
      if (lda > n) mem.fill(0, xOff + n, xOff + lda);
      k.gemv(c0 * 8, (xOff + c0) * 8, yOff * 8, m, quads - q0, lda * 8);
      y.set(mem.subarray(yOff, yOff + m));
    },
    mulTransposed(x, y) {
      mem.set(x.subarray(0, m), xOff);
      mem.fill(0, yOff, yOff + lda);
      k.gemvT(0, xOff * 8, yOff * 8, m, quads, lda * 8);
      y.set(mem.subarray(yOff, yOff + n));
    },
  };
}

// The Lanczos bases of spectralNorm in WebAssembly memory, and their reorthogonalisation (two Gram–Schmidt
// passes) in WebAssembly SIMD: per lag of a Jacobian curve these loops run thousands of times, and as
// JavaScript they are slow until V8 has optimised them (about 100 ms of a cold n = 256 analysis); WebAssembly
// is fast from its first call. The arithmetic is the JavaScript's, operation for operation: the dot product
// keeps two partial sums (even and odd entries: the two lanes), adds the odd tail to the even one, then the
// two; the update is w + (−c)·b with no fused multiply-add. So both paths give the same bits.
import { assembleModule, bodyBuilder, countDown, op, F64, I32, V128 } from './wasm-assembler';
import { instantiateKernels, reserveFloat64 } from './wasm-memory';

interface Kernels {
  memory: WebAssembly.Memory;
  /** orthogonalize(wPtr, basisPtr, count, pairs, odd, passes): w −= (b·w) b for each of `count` basis vectors. */
  orthogonalize: (w: number, basis: number, count: number, pairs: number, odd: number, passes: number) => void;
}

function orthogonalizeBody(): { body: number[]; locals: [number, number][] } {
  const [W, BASIS, COUNT, PAIRS, ODD, PASSES] = [0, 1, 2, 3, 4, 5];
  const [pass, j, b, i, pw, pb, stride] = [6, 7, 8, 9, 10, 11, 12];
  const [acc, cs] = [13, 14];
  const c = 15;
  const { body, emit } = bodyBuilder();
  // stride = bytes per vector = 16·pairs + 8·odd
  emit(op.get(PAIRS), op.i32(16), op.i32Mul(), op.get(ODD), op.i32(8), op.i32Mul(), op.i32Add(), op.set(stride));
  emit(op.get(PASSES), op.set(pass));
  emit(op.loop()); // passes
  emit(op.get(BASIS), op.set(b), op.get(COUNT), op.set(j));
  emit(op.loop()); // basis vectors
  // c = b · w
  emit(op.v128Zero(), op.set(acc), op.get(W), op.set(pw), op.get(b), op.set(pb), op.get(PAIRS), op.set(i));
  emit(op.loop());
  emit(op.get(acc), op.get(pb), op.v128Load(0), op.get(pw), op.v128Load(0), op.f64x2Mul(), op.f64x2Add(), op.set(acc));
  emit(op.get(pb), op.i32(16), op.i32Add(), op.set(pb), op.get(pw), op.i32(16), op.i32Add(), op.set(pw));
  emit(countDown(i), op.end());
  emit(op.get(acc), op.f64x2ExtractLane(0), op.set(c));
  emit(op.get(ODD), op.if());
  emit(op.get(c), op.get(pb), op.f64Load(0), op.get(pw), op.f64Load(0), op.f64Mul(), op.f64Add(), op.set(c));
  emit(op.end());
  emit(op.get(c), op.get(acc), op.f64x2ExtractLane(1), op.f64Add(), op.set(c));
  // if c ≠ 0: w += (−c)·b
  emit(op.get(c), op.f64Const0(), op.f64Ne(), op.if());
  emit(op.get(c), op.f64Neg(), op.set(c), op.get(c), op.f64x2Splat(), op.set(cs));
  emit(op.get(W), op.set(pw), op.get(b), op.set(pb), op.get(PAIRS), op.set(i));
  emit(op.loop());
  emit(op.get(pw), op.get(pw), op.v128Load(0), op.get(cs), op.get(pb), op.v128Load(0), op.f64x2Mul(), op.f64x2Add());
  emit(op.v128Store(0));
  emit(op.get(pb), op.i32(16), op.i32Add(), op.set(pb), op.get(pw), op.i32(16), op.i32Add(), op.set(pw));
  emit(countDown(i), op.end());
  emit(op.get(ODD), op.if());
  emit(op.get(pw), op.get(pw), op.f64Load(0), op.get(c), op.get(pb), op.f64Load(0), op.f64Mul(), op.f64Add());
  emit(op.f64Store(0), op.end());
  emit(op.end()); // if c ≠ 0
  emit(op.get(b), op.get(stride), op.i32Add(), op.set(b));
  emit(countDown(j), op.end());
  emit(countDown(pass), op.end());
  return {
    body,
    locals: [
      [7, I32],
      [2, V128],
      [1, F64],
    ],
  };
}

/** 32 MiB: both bases of an n = 1024 square matrix; beyond it (memory never shrinks) the JavaScript path. */
const MAX_BASIS_DOUBLES = 1 << 22;

let kernels: Kernels | null | undefined;

function loadKernels(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const { body, locals } = orthogonalizeBody();
    const bytes = assembleModule([{ name: 'orthogonalize', params: 6, locals, body }], 1);
    if (!WebAssembly.validate(bytes)) return null;
    const exports = instantiateKernels(new WebAssembly.Module(bytes)) as unknown as Kernels | null;
    if (exports) kernels = { memory: exports.memory, orthogonalize: exports.orthogonalize };
  } catch {
    kernels = null;
  }
  return kernels;
}

/** Room for the left (length p) and right (length q) Lanczos vectors of one spectralNorm call. */
export interface LanczosBasis {
  /** Slot k of the left basis (length p). */
  u(k: number): Float64Array;
  /** Slot k of the right basis (length q). */
  v(k: number): Float64Array;
  /**
   * w −= (b·w) b for each vector b of `basis`, in order, twice ("twice is enough"). `basis` is this object's
   * slots 0…count−1 of one side and w a later slot of the same side, or any arrays for the JavaScript path.
   */
  orthogonalize(w: Float64Array, basis: readonly Float64Array[]): void;
}

/**
 * Slots for up to `slots` vectors a side, in WebAssembly memory where it can be had (valid until the next call
 * in this thread: there is one memory per thread), else plain arrays with the JavaScript loop.
 */
export function lanczosBasis(p: number, q: number, slots: number, javascriptOnly = false): LanczosBasis {
  const fits = slots * (p + q) <= MAX_BASIS_DOUBLES;
  const k = javascriptOnly || p < 2 || q < 2 || !fits ? null : loadKernels();
  const mem = k ? reserveFloat64(k.memory, slots * (p + q)) : null;
  if (!k || !mem) return javascriptBasis(p, q);
  const vAt = slots * p;
  const bytesOf = (x: Float64Array): number => x.byteOffset;
  return {
    u: (i) => mem.subarray(i * p, (i + 1) * p),
    v: (i) => mem.subarray(vAt + i * q, vAt + (i + 1) * q),
    orthogonalize(w, basis) {
      if (basis.length === 0) return;
      const len = w.length;
      if (w.buffer !== mem.buffer || basis[0].buffer !== mem.buffer) {
        orthogonalizeJs(w, basis);
        return;
      }
      k.orthogonalize(bytesOf(w), bytesOf(basis[0]), basis.length, len >> 1, len & 1, 2);
    },
  };
}

function javascriptBasis(p: number, q: number): LanczosBasis {
  return {
    u: () => new Float64Array(p),
    v: () => new Float64Array(q),
    orthogonalize: orthogonalizeJs,
  };
}

/** Two passes of Gram–Schmidt against an orthonormal basis, in JavaScript. */
export function orthogonalizeJs(w: Float64Array, basis: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const c = dot(b, w);
      if (c !== 0) axpy(-c, b, w);
    }
  }
}

export function dot(x: Float64Array, y: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
  }
  if (i < n) s0 += x[i] * y[i];
  return s0 + s1;
}

export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

// The eigenvalue kernels in WebAssembly (wasm/eigen-kernels.ts, AssemblyScript, compiled by scripts/build-wasm.mjs):
// the unblocked Householder reduction to Hessenberg form and the whole Francis QR loop (deflation checks, shifts,
// sweeps), with the matrix in the module's memory. The loop returns to JavaScript for aggressive early deflation
// (aed.ts, whose products go through gemm) and every few million updated entries, so cancellation is polled as
// often as in the JavaScript loop. Same operations in the same order as the JavaScript (hessenberg.ts, francis.ts,
// eigen.ts), so both paths give the same eigenvalues bit for bit; the JavaScript stays as the fallback where
// WebAssembly, SIMD or its memory is missing.
import { EIGEN_KERNELS_WASM_BASE64 } from './generated/eigen-kernels';
import { instantiateKernels, reserveFloat64 } from './wasm-memory';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase: () => number;
  hessenbergColumns: (h: number, n: number, from: number, to: number, v: number, w: number) => void;
  francisSweep: (h: number, n: number, lo: number, hi: number, sa: number, sb: number, sc: number, sd: number) => void;
  schur: (t: number, m: number, z: number, maxSweeps: number) => number;
  iterate: (
    h: number,
    n: number,
    re: number,
    im: number,
    state: number,
    queue: number,
    aedMin: number,
    budget: number,
    work: number,
  ) => number;
  aedWorkDoubles: () => number;
  firstNonFinite: (h: number, len: number) => number;
  maxAbs: (h: number, len: number) => number;
  scale: (h: number, len: number, f: number) => void;
  balance: (h: number, n: number, total: number) => void;
}

/** The i32 slots of the QR loop's state block that we set or read (wasm/eigen-kernels.ts; zero to start). */
const HI = 0;
const MAX_SWEEPS = 4;
/** iterate's answers. */
const DONE = 0;
const TOO_MANY_SWEEPS = 3;
/** Entries a QR call may update before it returns for a cancellation poll (about 1–2 ms of work). */
const BUDGET = 1e6;
/** Room for queued shift pairs (4 doubles each). */
const QUEUE_PAIRS = 32;
/** Largest deflation window (eigen.ts aedWindow is at most 64); the module's scratch is laid out for it. */
const WINDOW_MAX = 64;
/** Doubles of the module's AED scratch (wasm/eigen-kernels.ts aedWorkDoubles(), checked when the module loads). */
const AED_WORK = 2 * 64 * 64 + 2 * 65 * 65 + 64 * 64 + 2 * 68;
/** Columns reduced per call of the Hessenberg kernel between polls. */
const COLUMNS_PER_CALL = 8;

/** One eigenvalue computation's buffers in the module's memory: fill `h`, then reduce and iterate. */
export class EigenWorkspace {
  readonly h: Float64Array;
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly state: Int32Array;
  private readonly windowT: Float64Array;
  private readonly windowZ: Float64Array;
  /** Byte addresses. */
  private readonly at: {
    h: number;
    re: number;
    im: number;
    v: number;
    w: number;
    state: number;
    queue: number;
    t: number;
    z: number;
  };

  constructor(
    private readonly k: KernelExports,
    memory: Float64Array,
    base: number,
    readonly n: number,
  ) {
    // In doubles from `base` (16-byte aligned): state block, shift queue, window t and z, re, im, v, w, h.
    const align = (x: number): number => x + (x & 1);
    const state = base;
    const queue = state + 8;
    const t = queue + 4 * QUEUE_PAIRS; // the AED scratch: window T first, then Z
    const z = t + WINDOW_MAX * WINDOW_MAX;
    const re = align(t + AED_WORK);
    const im = align(re + n);
    const v = align(im + n);
    const w = align(v + n);
    const h = align(w + n);
    this.at = {
      h: h * 8,
      re: re * 8,
      im: im * 8,
      v: v * 8,
      w: w * 8,
      state: state * 8,
      queue: queue * 8,
      t: t * 8,
      z: z * 8,
    };
    this.windowT = memory.subarray(t, t + WINDOW_MAX * WINDOW_MAX);
    this.windowZ = memory.subarray(z, z + WINDOW_MAX * WINDOW_MAX);
    this.h = memory.subarray(h, h + n * n);
    this.re = memory.subarray(re, re + n);
    this.im = memory.subarray(im, im + n);
    this.state = new Int32Array(memory.buffer, state * 8, 16);
  }

  /** Doubles from `base` that a workspace for n needs. */
  static doubles(n: number): number {
    return 8 + 4 * QUEUE_PAIRS + AED_WORK + 4 * (n + 1) + n * n + 2;
  }

  /**
   * schur.ts schurInPlace (same results) for a deflation window of at most WINDOW_MAX rows: t and z are copied
   * into the module's memory and back.
   */
  schur(t: Float64Array, m: number, z: Float64Array, maxSweeps = 30 * Math.max(10, m)): boolean {
    if (m > WINDOW_MAX) throw new RangeError(`eigen-wasm schur: window of ${m} rows, at most ${WINDOW_MAX}`);
    const len = m * m;
    this.windowT.set(t.subarray(0, len));
    this.windowZ.set(z.subarray(0, len));
    if (this.k.schur(this.at.t, m, this.at.z, maxSweeps) === 0) return false;
    t.set(this.windowT.subarray(0, len));
    z.set(this.windowZ.subarray(0, len));
    return true;
  }

  /** The index of h's first entry that is NaN or ±Infinity, or −1. */
  firstNonFinite(): number {
    return this.k.firstNonFinite(this.at.h, this.n * this.n);
  }

  /** max |h[i]| */
  maxAbs(): number {
    return this.k.maxAbs(this.at.h, this.n * this.n);
  }

  /** h ← h · 2^e, exactly (scaling.ts scaleInPlace). */
  scale(e: number): void {
    if (e === 0) return;
    if (e > 1000 || e < -1000) {
      const half = Math.trunc(e / 2);
      this.scale(half);
      this.scale(e - half);
      return;
    }
    this.k.scale(this.at.h, this.n * this.n, 2 ** e);
  }

  /** eigen.ts balance on h (v holds the exponents meanwhile). */
  balance(): void {
    this.k.balance(this.at.h, this.n, this.at.v);
  }

  /** Householder reduction of columns from..to−1 of h (hessenberg.ts reduceUnblocked), polling between calls. */
  reduceColumns(from: number, to: number, poll: () => void): void {
    for (let k = from; k < to; k += COLUMNS_PER_CALL) {
      poll();
      this.k.hessenbergColumns(this.at.h, this.n, k, Math.min(to, k + COLUMNS_PER_CALL), this.at.v, this.at.w);
    }
  }

  /** One eigenvalues-only Francis sweep over lo..hi (francis.ts francisSweep with z = null). */
  sweep(lo: number, hi: number, sa: number, sb: number, sc: number, sd: number): void {
    this.k.francisSweep(this.at.h, this.n, lo, hi, sa, sb, sc, sd);
  }

  /**
   * Every eigenvalue of the Hessenberg matrix h into re/im (eigen.ts hessenbergEigenvalues). Throws as it does
   * when the sweeps run past maxSweeps; `poll` may throw to cancel.
   */
  eigenvalues(poll: () => void, maxSweeps: number, aedMinBlock: number): void {
    const { state, at, n } = this;
    state.fill(0);
    state[HI] = n - 1;
    state[MAX_SWEEPS] = Math.min(maxSweeps, 0x7fffffff);
    for (;;) {
      const answer = this.k.iterate(at.h, n, at.re, at.im, at.state, at.queue, aedMinBlock, BUDGET, at.t);
      if (answer === DONE) return;
      poll();
      if (answer === TOO_MANY_SWEEPS) {
        throw new Error(
          `eigenvalues: the QR iteration did not converge after ${maxSweeps} sweeps ` +
            `(${state[HI] + 1} of ${n} eigenvalues unresolved)`,
        );
      }
    }
  }
}

let compiled: WebAssembly.Module | null | undefined;
let kernels: KernelExports | null | undefined;

/** The module, or null where WebAssembly or SIMD is missing. */
function eigenModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = decodeBase64(EIGEN_KERNELS_WASM_BASE64);
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether this runtime can run the WebAssembly eigenvalue kernels (it validates SIMD). */
export function wasmEigenAvailable(): boolean {
  return eigenModule() !== null;
}

/**
 * This thread's kernels with room for an n×n computation (the views of an earlier workspace are stale after this),
 * or null where WebAssembly, SIMD or the memory is missing.
 */
export function eigenWorkspace(n: number): EigenWorkspace | null {
  if (kernels === undefined) {
    const module = eigenModule();
    kernels = module ? (instantiateKernels(module) as unknown as KernelExports | null) : null;
    if (kernels && kernels.aedWorkDoubles() !== AED_WORK) kernels = null; // a stale generated module
  }
  if (!kernels) return null;
  const base = kernels.heapBase() / 8;
  const memory = reserveFloat64(kernels.memory, base + EigenWorkspace.doubles(n));
  return memory && new EigenWorkspace(kernels, memory, base, n);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Uint8Array(128);
  for (let i = 0; i < 64; i++) value[digits.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = ((acc << 6) | value[clean.charCodeAt(i)]) & 0x3fff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

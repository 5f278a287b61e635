// All eigenvalues of a real (nonsymmetric) square matrix: scale → balance → Householder reduction to upper
// Hessenberg form (blocked for large n) → Francis implicit double-shift QR with deflation, plus aggressive
// early deflation and window shifts for large active blocks. Eigenvalues only, so every update is
// restricted to the active diagonal block, which roughly halves the work of the QR phase.
import { CancelledError } from '../errors';
import type { Matrix } from './matrix';
import { aggressiveDeflation } from './aed';
import { eigen2x2 } from './eigen2x2';
import { eigenWorkspace } from './eigen-wasm';
import { EXCEPTIONAL_SHIFT_EVERY, francisSweep, negligible, shiftPair } from './francis';
import { reduceToHessenberg } from './hessenberg';
import { poweredTwo, scaleExponent, scaleInPlace } from './scaling';

/** [re, im]; complex eigenvalues come as adjacent conjugate pairs, positive imaginary part first. */
export type Eigenvalue = [number, number];

export interface CancelOptions {
  /** Called periodically; return true to abort (a CancelledError is thrown). */
  shouldStop?: () => boolean;
  /** Called periodically; may throw to abort the computation. */
  checkCancel?: () => void;
}

export interface EigenOptions extends CancelOptions {
  /** Diagonal similarity scaling by powers of two before the reduction (default true). */
  balance?: boolean;
  /** Cap on the total number of QR sweeps (default 30·max(10, n)); reaching it throws. */
  maxSweeps?: number;
  /** The JavaScript loops even where the WebAssembly kernels would run (tests, comparisons); same results. */
  javascriptOnly?: boolean;
}

/** Sweeps allowed per eigenvalue on average before we give up (LAPACK allows a similar budget). */
export const SWEEPS_PER_EIGENVALUE = 30;
function defaultMaxSweeps(n: number): number {
  return SWEEPS_PER_EIGENVALUE * Math.max(10, n);
}
/** Active blocks at least this large use aggressive early deflation (aed.ts). */
const AED_MIN_BLOCK = 80;
/**
 * With the WebAssembly kernels, the one-reflector-at-a-time reduction (SIMD, left and right updates fused per row)
 * beats the blocked one up to n = 1024 at least (measured, ms: 1.2 against 5.6 at n = 128, 58 against 97 at 512,
 * 549 against 576 at 1024); past that it streams the whole matrix twice per column, so the blocked panels take over.
 */
const WASM_BLOCKED_FROM = 1100;
/** Shifts taken from each deflation window (used one double-shift sweep per pair). */
const AED_SHIFTS = 16;
/** Size of the deflation window for an active block of the given size (tuned on random matrices). */
function aedWindow(size: number): number {
  return Math.min(64, Math.max(12, Math.round(size / 8)));
}

/** Every eigenvalue of the square matrix `a`, sorted by decreasing modulus. */
export function eigenvalues(a: Matrix, options: EigenOptions = {}): Eigenvalue[] {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigenvalues: matrix is ${a.rows}×${a.cols}, not square`);
  // The matrix in the WebAssembly kernels' memory where they run (eigen-wasm.ts), else in a fresh array.
  const wasm = options.javascriptOnly || n === 0 ? null : eigenWorkspace(n);
  if (wasm) wasm.h.set(a.data);
  const bad = wasm ? wasm.firstNonFinite() : a.data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(`eigenvalues: entry (${Math.floor(bad / n)}, ${bad % n}) is ${a.data[bad]}`);
  if (n === 0) return [];
  const poll = cancelPoller(options);

  const h = wasm ? wasm.h : new Float64Array(a.data);
  // Scale by a power of two (exact) so the largest entry is about 1: no overflow or underflow in the
  // Householder norms and shift polynomials, whatever the input's magnitude.
  const exponent = scaleExponent(wasm ? [wasm.maxAbs()] : h);
  if (exponent === null) return Array.from({ length: n }, (): Eigenvalue => [0, 0]);
  if (wasm) wasm.scale(-exponent);
  else scaleInPlace(h, -exponent);

  if (options.balance !== false) {
    if (wasm) wasm.balance();
    else balance(h, n);
  }
  let re: Float64Array;
  let im: Float64Array;
  if (wasm) {
    reduceToHessenberg(h, n, poll, n >= WASM_BLOCKED_FROM, (from, to, p) => wasm.reduceColumns(from, to, p));
    wasm.eigenvalues(poll, options.maxSweeps ?? defaultMaxSweeps(n), AED_MIN_BLOCK);
    re = Float64Array.from(wasm.re);
    im = Float64Array.from(wasm.im);
  } else {
    reduceToHessenberg(h, n, poll);
    ({ re, im } = hessenbergEigenvalues(h, n, poll, options.maxSweeps));
  }
  const back = poweredTwo(exponent);
  for (let i = 0; i < n; i++) {
    re[i] = back(re[i]);
    im[i] = back(im[i]);
  }
  return sortByModulus(re, im);
}

/** max |λ|; 0 for an empty list. */
export function spectralRadius(eigs: readonly (readonly [number, number])[]): number {
  let r = 0;
  for (const [re, im] of eigs) r = Math.max(r, Math.hypot(re, im));
  return r;
}

export function cancelPoller(options: CancelOptions): () => void {
  const { shouldStop, checkCancel } = options;
  if (!shouldStop && !checkCancel) return () => {};
  return () => {
    checkCancel?.();
    if (shouldStop?.()) throw new CancelledError();
  };
}

/**
 * Diagonal similarity D⁻¹AD with D a power-of-two diagonal (exact), equalising the 1-norms of each row
 * and column off the diagonal. It leaves the eigenvalues unchanged but makes their computed values more
 * accurate for badly scaled matrices (companion matrices, for example).
 */
export function balance(h: Float64Array, n: number): void {
  // Cumulative exponent of each D entry, kept within ±MAX_EXPONENT so that nearly reducible matrices
  // (a coupling of 1e-300, say) cannot be scaled until entries overflow.
  const MAX_EXPONENT = 200;
  const total = new Int32Array(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(h[j * n + i]);
        r += Math.abs(h[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      // f = 2^e with f² ≈ r / c makes the scaled column and row norms (c f, r / f) about equal.
      let e = Math.max(-60, Math.min(60, Math.round(Math.log2(r / c) / 2)));
      e = Math.max(-MAX_EXPONENT - total[i], Math.min(MAX_EXPONENT - total[i], e));
      if (e === 0) continue;
      const f = 2 ** e;
      if (c * f + r / f >= 0.95 * (c + r)) continue;
      changed = true;
      total[i] += e;
      for (let j = 0; j < n; j++) h[j * n + i] *= f;
      const g = 1 / f;
      for (let j = 0; j < n; j++) h[i * n + j] *= g;
    }
    if (!changed) return;
  }
}

/**
 * Eigenvalues of an upper Hessenberg matrix (destroyed) by Francis double-shift QR sweeps with deflation.
 * The result is unsorted: index order of the deflated blocks.
 */
export function hessenbergEigenvalues(
  h: Float64Array,
  n: number,
  poll: () => void = () => {},
  maxSweeps = defaultMaxSweeps(n),
): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  let sweeps = 0;
  let sinceDeflation = 0;
  let hi = n - 1;
  /** Shift pairs from the last deflation window, as 2×2 matrices. */
  const queued: number[][] = [];

  while (hi >= 0) {
    let lo = hi;
    while (lo > 0 && !negligible(h, n, lo)) lo--;
    if (lo > 0) h[lo * n + lo - 1] = 0;

    if (lo === hi) {
      re[hi] = h[hi * n + hi];
      im[hi] = 0;
      hi -= 1;
      sinceDeflation = 0;
      continue;
    }
    if (lo === hi - 1) {
      const i = hi - 1;
      eigen2x2(h[i * n + i], h[i * n + hi], h[hi * n + i], h[hi * n + hi], re, im, i);
      hi -= 2;
      sinceDeflation = 0;
      continue;
    }

    poll();
    const size = hi - lo + 1;
    if (size >= AED_MIN_BLOCK && queued.length === 0) {
      const deflated = aggressiveDeflation(h, n, lo, hi, aedWindow(size), re, im, queued, AED_SHIFTS);
      queued.reverse(); // pop() then takes the bottom-most shifts first
      if (deflated > 0) {
        hi -= deflated;
        sinceDeflation = 0;
        continue;
      }
    }
    if (++sweeps > maxSweeps) {
      throw new Error(
        `eigenvalues: the QR iteration did not converge after ${maxSweeps} sweeps ` +
          `(${hi + 1} of ${n} eigenvalues unresolved)`,
      );
    }
    sinceDeflation++;

    // Shifts from the last deflation window while there are any, except when stagnation calls for an
    // exceptional shift; otherwise Francis shifts from the trailing 2×2 block.
    const fromWindow = queued.length > 0 && sinceDeflation % EXCEPTIONAL_SHIFT_EVERY !== 0 ? queued.pop() : undefined;
    const [sa, sb, sc, sd] = fromWindow ?? shiftPair(h, n, lo, hi, sinceDeflation);
    francisSweep(h, n, lo, hi, sa, sb, sc, sd, null);
  }
  return { re, im };
}

/**
 * Sort by decreasing modulus, keeping conjugate pairs together (as units, so a repeated complex pair
 * gives λ, λ̄, λ, λ̄), ties broken by larger real part.
 */
function sortByModulus(re: Float64Array, im: Float64Array): Eigenvalue[] {
  interface Item {
    re: number;
    im: number; // ≥ 0; > 0 means the pair (re, ±im)
    mod: number;
  }
  const items: Item[] = [];
  const n = re.length;
  for (let i = 0; i < n; i++) {
    if (im[i] > 0 && i + 1 < n && im[i + 1] === -im[i] && re[i + 1] === re[i]) {
      items.push({ re: re[i], im: im[i], mod: Math.hypot(re[i], im[i]) });
      i++;
    } else {
      items.push({ re: re[i], im: 0, mod: Math.abs(re[i]) });
    }
  }
  items.sort((x, y) => y.mod - x.mod || y.re - x.re || y.im - x.im);
  const out: Eigenvalue[] = [];
  for (const it of items) {
    if (it.im > 0) out.push([it.re, it.im], [it.re, -it.im]);
    else out.push([it.re, 0]);
  }
  return out;
}

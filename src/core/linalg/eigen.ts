// All eigenvalues of a real (nonsymmetric) square matrix: scale → balance → Householder reduction to upper
// Hessenberg form → Francis implicit double-shift QR with deflation. Eigenvalues only, so every update is
// restricted to the active diagonal block, which roughly halves the work of the QR phase.
import { CancelledError } from '../errors';
import type { Matrix } from './matrix';
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
}

/** Sweeps allowed per eigenvalue on average before we give up (LAPACK allows a similar budget). */
const SWEEPS_PER_EIGENVALUE = 30;
/** Sweeps without a deflation after which an exceptional (ad hoc) shift breaks a possible cycle. */
const EXCEPTIONAL_SHIFT_EVERY = 10;

/** Every eigenvalue of the square matrix `a`, sorted by decreasing modulus. */
export function eigenvalues(a: Matrix, options: EigenOptions = {}): Eigenvalue[] {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigenvalues: matrix is ${a.rows}×${a.cols}, not square`);
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i])) {
      throw new RangeError(`eigenvalues: entry (${Math.floor(i / n)}, ${i % n}) is ${a.data[i]}`);
    }
  }
  if (n === 0) return [];
  const poll = cancelPoller(options);

  // Scale by a power of two (exact) so the largest entry is about 1: no overflow or underflow in the
  // Householder norms and shift polynomials, whatever the input's magnitude.
  const h = new Float64Array(a.data);
  const exponent = scaleExponent(h);
  if (exponent === null) return Array.from({ length: n }, (): Eigenvalue => [0, 0]);
  scaleInPlace(h, -exponent);

  if (options.balance !== false) balance(h, n);
  reduceToHessenberg(h, n, poll);
  const { re, im } = hessenbergEigenvalues(h, n, poll, options.maxSweeps);
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
      const e = Math.max(-60, Math.min(60, Math.round(Math.log2(r / c) / 2)));
      if (e === 0) continue;
      const f = 2 ** e;
      if (c * f + r / f >= 0.95 * (c + r)) continue;
      changed = true;
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
  maxSweeps = SWEEPS_PER_EIGENVALUE * Math.max(10, n),
): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const ulp = Number.EPSILON;
  const smallNum = 2.2250738585072014e-308 * (n / ulp);
  let sweeps = 0;
  let sinceDeflation = 0;
  let hi = n - 1;

  // Is h[k][k−1] negligible? The plain test compares it with its diagonal neighbours; the second
  // (Ahues & Tisseur) test accepts it only if the eigenvalue perturbation it causes is below rounding.
  const negligible = (k: number): boolean => {
    const sub = Math.abs(h[k * n + k - 1]);
    if (sub <= smallNum) return true;
    const akk = h[k * n + k];
    const aPrev = h[(k - 1) * n + k - 1];
    let tst = Math.abs(aPrev) + Math.abs(akk);
    if (tst === 0) {
      if (k >= 2) tst += Math.abs(h[(k - 1) * n + k - 2]);
      if (k + 1 < n) tst += Math.abs(h[(k + 1) * n + k]);
    }
    if (sub > ulp * tst) return false;
    const sup = Math.abs(h[(k - 1) * n + k]);
    const ab = Math.max(sub, sup);
    const ba = Math.min(sub, sup);
    const diff = Math.abs(aPrev - akk);
    const aa = Math.max(Math.abs(akk), diff);
    const bb = Math.min(Math.abs(akk), diff);
    const s = aa + ab;
    return ba * (ab / s) <= Math.max(smallNum, ulp * (bb * (aa / s)));
  };

  while (hi >= 0) {
    let lo = hi;
    while (lo > 0 && !negligible(lo)) lo--;
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
    if (++sweeps > maxSweeps) {
      throw new Error(
        `eigenvalues: the QR iteration did not converge after ${maxSweeps} sweeps ` +
          `(${hi + 1} of ${n} eigenvalues unresolved)`,
      );
    }
    sinceDeflation++;

    // The shift pair: eigenvalues of the trailing 2×2 block (Francis), or on stagnation an ad hoc pair
    // built from the size of the subdiagonal, alternately at the bottom and the top of the block.
    let sa: number, sb: number, sc: number, sd: number;
    if (sinceDeflation % EXCEPTIONAL_SHIFT_EVERY === 0) {
      const bottom = sinceDeflation % (2 * EXCEPTIONAL_SHIFT_EVERY) !== 0;
      const x = bottom
        ? Math.abs(h[hi * n + hi - 1]) + Math.abs(h[(hi - 1) * n + hi - 2])
        : Math.abs(h[(lo + 1) * n + lo]) + Math.abs(h[(lo + 2) * n + lo + 1]);
      const base = bottom ? h[hi * n + hi] : h[lo * n + lo];
      sa = sd = base + 0.75 * x;
      sb = -0.4375 * x;
      sc = x;
    } else {
      sa = h[(hi - 1) * n + hi - 1];
      sb = h[(hi - 1) * n + hi];
      sc = h[hi * n + hi - 1];
      sd = h[hi * n + hi];
    }
    francisSweep(h, n, lo, hi, sa, sb, sc, sd);
  }
  return { re, im };
}

/**
 * Reflectors per batch of deferred column updates. The right-hand update of reflector k touches columns
 * k..k+2 of every row above the bulge; those rows are read by nothing else during the sweep, so we apply
 * the batch to each of them in one pass over a short contiguous row segment instead of one strided pass
 * per reflector. Same operations in the same order per entry, so the results are bit-for-bit unchanged.
 */
const BATCH = 32;
const batchTau = new Float64Array(BATCH);
const batchV1 = new Float64Array(BATCH);
const batchV2 = new Float64Array(BATCH);
const batchTV1 = new Float64Array(BATCH);
const batchTV2 = new Float64Array(BATCH);

/** One implicit double-shift sweep over the active block lo..hi, shifts = eigenvalues of [[sa,sb],[sc,sd]]. */
function francisSweep(
  h: Float64Array,
  n: number,
  lo: number,
  hi: number,
  sa: number,
  sb: number,
  sc: number,
  sd: number,
): void {
  // First column of (H − σ₁)(H − σ₂): only three entries are nonzero.
  const h00 = h[lo * n + lo];
  const h10 = h[(lo + 1) * n + lo];
  let p = (h00 - sa) * (h00 - sd) - sb * sc + h[lo * n + lo + 1] * h10;
  let q = h10 * (h00 + h[(lo + 1) * n + lo + 1] - sa - sd);
  let r = h10 * h[(lo + 2) * n + lo + 1];

  // Rows lo..k0−1 have the right-hand updates of reflectors k0..k0+count−1 pending.
  let k0 = lo;
  let count = 0;
  for (let k = lo; k < hi; k++) {
    if (count === BATCH) {
      applyDeferred(h, n, lo, k0, count, hi);
      k0 = k;
      count = 0;
    }
    const last = k === hi - 1;
    if (k > lo) {
      p = h[k * n + k - 1];
      q = h[(k + 1) * n + k - 1];
      r = last ? 0 : h[(k + 2) * n + k - 1];
    }
    const scale = Math.abs(p) + Math.abs(q) + Math.abs(r);
    if (scale === 0) {
      batchTau[count++] = 0;
      continue;
    }
    p /= scale;
    q /= scale;
    r /= scale;
    const norm = Math.sqrt(p * p + q * q + r * r);
    const beta = p >= 0 ? -norm : norm;
    // Reflector I − τ v vᵀ with v = (1, v1, v2) maps (p, q, r) to (β, 0, 0).
    const tau = (beta - p) / beta;
    const v1 = q / (p - beta);
    const v2 = last ? 0 : r / (p - beta);
    batchTau[count] = tau;
    batchV1[count] = v1;
    batchV2[count] = v2;
    const tv1 = tau * v1;
    const tv2 = tau * v2;
    batchTV1[count] = tv1;
    batchTV2[count] = tv2;
    count++;
    const r0 = k * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    if (k > lo) {
      h[r0 + k - 1] = beta * scale;
      h[r1 + k - 1] = 0;
      if (!last) h[r2 + k - 1] = 0;
    }
    // Left-hand update (rows k..k+2, contiguous), then the right-hand one for the rows near the bulge.
    if (last) {
      for (let j = k; j <= hi; j++) {
        const s = h[r0 + j] + v1 * h[r1 + j];
        h[r0 + j] -= tau * s;
        h[r1 + j] -= tv1 * s;
      }
      for (let i = k0; i <= hi; i++) {
        const row = i * n + k;
        const s = h[row] + v1 * h[row + 1];
        h[row] -= tau * s;
        h[row + 1] -= tv1 * s;
      }
    } else {
      for (let j = k; j <= hi; j++) {
        const s = h[r0 + j] + v1 * h[r1 + j] + v2 * h[r2 + j];
        h[r0 + j] -= tau * s;
        h[r1 + j] -= tv1 * s;
        h[r2 + j] -= tv2 * s;
      }
      const iEnd = Math.min(k + 3, hi);
      for (let i = k0; i <= iEnd; i++) {
        const row = i * n + k;
        const s = h[row] + v1 * h[row + 1] + v2 * h[row + 2];
        h[row] -= tau * s;
        h[row + 1] -= tv1 * s;
        h[row + 2] -= tv2 * s;
      }
    }
  }
  applyDeferred(h, n, lo, k0, count, hi);
}

/** Rows lo..k0−1: apply the batched reflectors k0, k0+1, … (in order) to their columns. */
function applyDeferred(h: Float64Array, n: number, lo: number, k0: number, count: number, hi: number): void {
  for (let i = lo; i < k0; i++) {
    const base = i * n + k0;
    for (let j = 0; j < count; j++) {
      const tau = batchTau[j];
      if (tau === 0) continue;
      const v1 = batchV1[j];
      const at = base + j;
      if (k0 + j + 2 <= hi) {
        const v2 = batchV2[j];
        const s = h[at] + v1 * h[at + 1] + v2 * h[at + 2];
        h[at] -= tau * s;
        h[at + 1] -= batchTV1[j] * s;
        h[at + 2] -= batchTV2[j] * s;
      } else {
        const s = h[at] + v1 * h[at + 1];
        h[at] -= tau * s;
        h[at + 1] -= batchTV1[j] * s;
      }
    }
  }
}

/** Eigenvalues of [[a, b], [c, d]] into re/im at i and i+1 (a complex pair: positive imaginary first). */
export function eigen2x2(
  a: number,
  b: number,
  c: number,
  d: number,
  re: Float64Array,
  im: Float64Array,
  i: number,
): void {
  im[i] = im[i + 1] = 0;
  if (b === 0 || c === 0) {
    re[i] = a;
    re[i + 1] = d;
    return;
  }
  // Work with the scaled half-difference and off-diagonal product so nothing over- or underflows.
  const p = 0.5 * (a - d);
  const scale = Math.max(Math.abs(p), Math.abs(b), Math.abs(c));
  const ps = p / scale;
  const disc = ps * ps + (b / scale) * (c / scale);
  if (disc >= 0) {
    // λ = d + p ± √(p² + bc); take the root without cancellation, get the other from the product.
    const z = p + (p >= 0 ? 1 : -1) * scale * Math.sqrt(disc);
    re[i] = d + z;
    re[i + 1] = d - (b / z) * c;
  } else {
    const mid = d + p;
    const imag = scale * Math.sqrt(-disc);
    re[i] = re[i + 1] = mid;
    im[i] = imag;
    im[i + 1] = -imag;
  }
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

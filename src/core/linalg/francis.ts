// The Francis implicit double-shift QR step on an upper Hessenberg matrix (row-major, n×n) and what it
// needs: the deflation test and the choice of shifts. Used for eigenvalues only (updates confined to the
// active block) and for small Schur decompositions with the orthogonal factor accumulated.

const ULP = Number.EPSILON;
const SAFE_MIN = 2.2250738585072014e-308;
/** Sweeps without a deflation after which an exceptional (ad hoc) shift breaks a possible cycle. */
export const EXCEPTIONAL_SHIFT_EVERY = 10;

/**
 * Is h[k][k−1] negligible? The plain test compares it with its diagonal neighbours; the second
 * (Ahues & Tisseur) test accepts it only if the eigenvalue perturbation it causes is below rounding.
 */
export function negligible(h: Float64Array, n: number, k: number): boolean {
  const smallNum = SAFE_MIN * (n / ULP);
  const sub = Math.abs(h[k * n + k - 1]);
  if (sub <= smallNum) return true;
  const akk = h[k * n + k];
  const aPrev = h[(k - 1) * n + k - 1];
  let tst = Math.abs(aPrev) + Math.abs(akk);
  if (tst === 0) {
    if (k >= 2) tst += Math.abs(h[(k - 1) * n + k - 2]);
    if (k + 1 < n) tst += Math.abs(h[(k + 1) * n + k]);
  }
  if (sub > ULP * tst) return false;
  const sup = Math.abs(h[(k - 1) * n + k]);
  const ab = Math.max(sub, sup);
  const ba = Math.min(sub, sup);
  const diff = Math.abs(aPrev - akk);
  const aa = Math.max(Math.abs(akk), diff);
  const bb = Math.min(Math.abs(akk), diff);
  const s = aa + ab;
  return ba * (ab / s) <= Math.max(smallNum, ULP * (bb * (aa / s)));
}

/**
 * The shift pair as a 2×2 matrix [sa, sb, sc, sd]: the trailing 2×2 block of lo..hi (Francis), or on
 * stagnation an ad hoc pair built from the size of the subdiagonal, alternately at the bottom and the top.
 */
export function shiftPair(
  h: Float64Array,
  n: number,
  lo: number,
  hi: number,
  sinceDeflation: number,
): [number, number, number, number] {
  if (sinceDeflation % EXCEPTIONAL_SHIFT_EVERY === 0) {
    const bottom = sinceDeflation % (2 * EXCEPTIONAL_SHIFT_EVERY) !== 0;
    const x = bottom
      ? Math.abs(h[hi * n + hi - 1]) + Math.abs(h[(hi - 1) * n + hi - 2])
      : Math.abs(h[(lo + 1) * n + lo]) + Math.abs(h[(lo + 2) * n + lo + 1]);
    const base = bottom ? h[hi * n + hi] : h[lo * n + lo];
    const d = base + 0.75 * x;
    return [d, -0.4375 * x, x, d];
  }
  return [h[(hi - 1) * n + hi - 1], h[(hi - 1) * n + hi], h[hi * n + hi - 1], h[hi * n + hi]];
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

/**
 * One implicit double-shift sweep over the active block lo..hi, shifts = eigenvalues of [[sa,sb],[sc,sd]].
 * Without `z` only the active block is updated (enough for eigenvalues). With `z` (n×n) the whole matrix
 * is updated, so it converges to the real Schur form, and z ← z·P accumulates the transformations.
 */
export function francisSweep(
  h: Float64Array,
  n: number,
  lo: number,
  hi: number,
  sa: number,
  sb: number,
  sc: number,
  sd: number,
  z: Float64Array | null,
): void {
  const rowStart = z ? 0 : lo;
  const colEnd = z ? n - 1 : hi;
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
      applyDeferred(h, n, rowStart, k0, k0, count, hi);
      if (z) applyDeferred(z, n, 0, n, k0, count, hi);
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
      for (let j = k; j <= colEnd; j++) {
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
      for (let j = k; j <= colEnd; j++) {
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
  applyDeferred(h, n, rowStart, k0, k0, count, hi);
  if (z) applyDeferred(z, n, 0, n, k0, count, hi);
}

/**
 * Rows from..to−1: apply the batched reflectors k0, k0+1, … (in order) to their columns. Along a row each
 * reflector reuses two values the previous one produced, so they stay in locals (no store-to-load round
 * trips), and two rows go side by side to give the CPU two independent dependency chains.
 */
function applyDeferred(
  h: Float64Array,
  n: number,
  from: number,
  to: number,
  k0: number,
  count: number,
  hi: number,
): void {
  if (count === 0) return;
  // Only the sweep's final reflector can be a 2×2 one (k = hi − 1).
  const lastIsPair = k0 + count + 1 > hi;
  const full = lastIsPair ? count - 1 : count;
  let i = from;
  for (; i + 1 < to; i += 2) {
    let at = i * n + k0;
    let bt = at + n;
    let x0 = h[at];
    let x1 = h[at + 1];
    let y0 = h[bt];
    let y1 = h[bt + 1];
    for (let j = 0; j < full; j++) {
      const x2 = h[at + 2];
      const y2 = h[bt + 2];
      const tau = batchTau[j];
      if (tau === 0) {
        h[at] = x0;
        h[bt] = y0;
        x0 = x1;
        x1 = x2;
        y0 = y1;
        y1 = y2;
      } else {
        const v1 = batchV1[j];
        const v2 = batchV2[j];
        const tv1 = batchTV1[j];
        const tv2 = batchTV2[j];
        const s = x0 + v1 * x1 + v2 * x2;
        const t = y0 + v1 * y1 + v2 * y2;
        h[at] = x0 - tau * s;
        h[bt] = y0 - tau * t;
        x0 = x1 - tv1 * s;
        x1 = x2 - tv2 * s;
        y0 = y1 - tv1 * t;
        y1 = y2 - tv2 * t;
      }
      at++;
      bt++;
    }
    if (lastIsPair && batchTau[full] !== 0) {
      const tau = batchTau[full];
      const v1 = batchV1[full];
      const tv1 = batchTV1[full];
      const s = x0 + v1 * x1;
      const t = y0 + v1 * y1;
      x0 -= tau * s;
      x1 -= tv1 * s;
      y0 -= tau * t;
      y1 -= tv1 * t;
    }
    h[at] = x0;
    h[at + 1] = x1;
    h[bt] = y0;
    h[bt + 1] = y1;
  }
  for (; i < to; i++) {
    let at = i * n + k0;
    let x0 = h[at];
    let x1 = h[at + 1];
    for (let j = 0; j < full; j++) {
      const x2 = h[at + 2];
      const tau = batchTau[j];
      if (tau === 0) {
        h[at] = x0;
        x0 = x1;
        x1 = x2;
      } else {
        const s = x0 + batchV1[j] * x1 + batchV2[j] * x2;
        h[at] = x0 - tau * s;
        x0 = x1 - batchTV1[j] * s;
        x1 = x2 - batchTV2[j] * s;
      }
      at++;
    }
    if (lastIsPair && batchTau[full] !== 0) {
      const s = x0 + batchV1[full] * x1;
      x0 -= batchTau[full] * s;
      x1 -= batchTV1[full] * s;
    }
    h[at] = x0;
    h[at + 1] = x1;
  }
}

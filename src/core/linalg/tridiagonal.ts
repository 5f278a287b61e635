// The few symmetric tridiagonal kernels the Lanczos methods need: one eigenvalue by Sturm bisection and
// its eigenvector by inverse iteration. T has diagonal d[0..k−1] and off-diagonal e[0..k−2].

/** Number of eigenvalues of T that are < x (Sturm sequence: negative pivots of the LDLᵀ of T − xI). */
function countBelow(d: ArrayLike<number>, e2: ArrayLike<number>, k: number, x: number, pivmin: number): number {
  let count = 0;
  let q = d[0] - x;
  if (Math.abs(q) < pivmin) q = -pivmin;
  if (q < 0) count++;
  for (let i = 1; i < k; i++) {
    q = d[i] - x - e2[i - 1] / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/**
 * The `rank`-th largest eigenvalue of T (rank 1 = largest), to about ε·‖T‖ absolute accuracy
 * (bisection is backward stable, so the largest one is accurate to a few ulps relative).
 */
export function tridiagonalEigenvalue(d: ArrayLike<number>, e: ArrayLike<number>, k: number, rank: number): number {
  const e2 = new Float64Array(Math.max(0, k - 1));
  let lo = Infinity;
  let hi = -Infinity;
  let maxAbs = 0;
  for (let i = 0; i < k; i++) {
    // Gershgorin discs bound the spectrum.
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < k - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
    maxAbs = Math.max(maxAbs, Math.abs(d[i]), r);
    if (i < k - 1) e2[i] = e[i] * e[i];
  }
  if (maxAbs === 0) return 0;
  const pivmin = Number.MIN_VALUE * 4 + maxAbs * 1e-300;
  const wanted = k - rank; // λ_rank is the largest x with countBelow(x) ≤ k − rank
  for (let it = 0; it < 2200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi || hi - lo <= 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))) break;
    if (countBelow(d, e2, k, mid, pivmin) <= wanted) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * A unit eigenvector of T for the (accurate) eigenvalue `lambda`: two steps of inverse iteration, each a
 * tridiagonal solve with partial pivoting; exactly singular pivots are nudged to ε·‖T‖.
 */
export function tridiagonalEigenvector(
  d: ArrayLike<number>,
  e: ArrayLike<number>,
  k: number,
  lambda: number,
): Float64Array {
  const x = new Float64Array(k).fill(1 / Math.sqrt(k));
  if (k === 1) {
    x[0] = 1;
    return x;
  }
  let norm = 0;
  for (let i = 0; i < k; i++)
    norm = Math.max(norm, Math.abs(d[i]) + (i < k - 1 ? Math.abs(e[i]) : 0) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const tiny = Math.max(norm * Number.EPSILON, Number.MIN_VALUE);
  const dd = new Float64Array(k);
  const du = new Float64Array(k);
  const du2 = new Float64Array(k);
  for (let step = 0; step < 2; step++) {
    // LU of T − λI with row swaps (fill-in on the second superdiagonal), applied to x as we go.
    for (let i = 0; i < k; i++) {
      dd[i] = d[i] - lambda;
      du[i] = i < k - 1 ? e[i] : 0;
      du2[i] = 0;
    }
    for (let i = 0; i < k - 1; i++) {
      const sub = e[i];
      if (Math.abs(dd[i]) >= Math.abs(sub)) {
        if (dd[i] === 0) dd[i] = tiny;
        const m = sub / dd[i];
        dd[i + 1] -= m * du[i];
        x[i + 1] -= m * x[i];
      } else {
        // Swap rows i and i+1, then eliminate.
        const m = dd[i] / sub;
        const nextDiag = dd[i + 1];
        dd[i] = sub;
        dd[i + 1] = du[i] - m * nextDiag;
        du[i] = nextDiag;
        if (i < k - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -m * du[i + 1];
        }
        const t = x[i];
        x[i] = x[i + 1];
        x[i + 1] = t - m * x[i];
      }
    }
    if (dd[k - 1] === 0) dd[k - 1] = tiny;
    x[k - 1] /= dd[k - 1];
    x[k - 2] = (x[k - 2] - du[k - 2] * x[k - 1]) / dd[k - 2];
    for (let i = k - 3; i >= 0; i--) x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / dd[i];
    // Normalise (the solve can grow x by 1/ε; rescale by the max entry first).
    let big = 0;
    for (let i = 0; i < k; i++) big = Math.max(big, Math.abs(x[i]));
    if (!(big > 0) || !Number.isFinite(big)) {
      x.fill(1 / Math.sqrt(k));
      continue;
    }
    let s = 0;
    for (let i = 0; i < k; i++) {
      x[i] /= big;
      s += x[i] * x[i];
    }
    s = 1 / Math.sqrt(s);
    for (let i = 0; i < k; i++) x[i] *= s;
  }
  return x;
}

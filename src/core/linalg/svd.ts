// The largest singular value σ_max(A) = ‖A‖₂ and its singular vectors, by Golub–Kahan–Lanczos
// bidiagonalization with full reorthogonalization, warm-startable for sequences of related matrices.
import { cancelPoller, type CancelOptions } from './eigen';
import { wasmMatVec } from './gemv-wasm';
import { axpy, dot, lanczosBasis, type LanczosBasis } from './lanczos-wasm';
import { matTVec, type Matrix } from './matrix';
import { uniformMinusOneToOne } from '../random';
import { log10Scaled, mulPow2, scaleExponent, scaleInPlace } from './scaling';
import { tridiagonalEigenvalue, tridiagonalEigenvector } from './tridiagonal';

export interface SpectralNormOptions extends CancelOptions {
  /** A guess of the top right singular vector (length cols), e.g. the previous call's rightVector. */
  start?: Float64Array;
  /**
   * A guess of the top left singular vector (length rows). For products J(l) = J(l−1)·M the left vector
   * settles while the right one keeps turning, so the previous leftVector is the better warm start there.
   */
  startLeft?: Float64Array;
  /** Relative accuracy wanted for the value (default 1e-14). */
  tolerance?: number;
  /** Keep the Lanczos vectors in plain arrays and reorthogonalise in JavaScript (tests: the same bits). */
  javascriptOnly?: boolean;
  /**
   * Also stop on the gap bound r² / (θ₁ − θ₂ − r) ≤ tol·θ₁ (see spectralNorm): about 1.5–2× fewer steps,
   * but a top cluster narrower than about √tol relative may then be resolved only to its width.
   */
  gapBound?: boolean;
}

export interface SpectralNormResult {
  /** σ_max(A); ∞ when it exceeds float64 (log10Value still says it), possibly subnormal. */
  value: number;
  /** log10 σ_max(A), exact where value over- or underflows; null for a zero matrix. */
  log10Value: number | null;
  /** Unit v with A v = σ u. */
  rightVector: Float64Array;
  /** Unit u with Aᵀ u = σ v (up to the stopping tolerance). */
  leftVector: Float64Array;
  /** Lanczos steps taken (the Krylov dimension). */
  steps: number;
}

/** Weight of the fixed pseudo-random direction mixed into every start vector (see below). */
const RANDOM_MIX = 1e-3;

/** The largest singular value of A, to a few ulps (a 0 for an empty or zero matrix). */
export function sigmaMax(a: Matrix, options: CancelOptions = {}): number {
  return spectralNorm(a, options).value;
}

/**
 * ‖A‖₂ with its singular vectors.
 *
 * Convergence criterion. After k steps A V_k = U_k B_k and Aᵀ U_k = V_k B_kᵀ + β_k v_{k+1} e_kᵀ, with B_k
 * upper bidiagonal. For the top singular triplet (θ₁, x, y) of B_k, the Ritz pair u = U_k x, v = V_k y has
 * A v = θ₁ u exactly and ‖Aᵀu − θ₁ v‖ = r = β_k |x_k|, so some singular value of A lies within r of θ₁.
 * We stop when r ≤ tol·θ₁ (tol = 1e-14), or when k = min(rows, cols) or β_k vanishes: then the Krylov
 * space is invariant and θ₁ is exact. Ritz values only grow with k and never exceed σ_max, and every
 * start vector carries a small fixed pseudo-random component (weight 1e-3), so the space always sees the
 * top singular direction: θ₁ converges to σ_max, not to a lower singular value the start favoured.
 * This residual test is strict (the value itself is then accurate to about r²/gap) but it is what keeps
 * clusters honest: the sharper gap bound |θ₁ − σ| ≤ r²/δ needs the distance δ to the rest of the
 * spectrum, and estimating δ by θ₁ − θ₂ from Ritz values overestimates it while a top cluster is still
 * unresolved (we measured 2e-9 error on a 1e-9-wide cluster). Opt in with `gapBound` where speed
 * matters more than clusters.
 */
export function spectralNorm(a: Matrix, options: SpectralNormOptions = {}): SpectralNormResult {
  const { rows: m, cols: n } = a;
  if (options.start && options.start.length !== n)
    throw new RangeError(`spectralNorm: start has length ${options.start.length}, expected ${n}`);
  if (options.startLeft && options.startLeft.length !== m) {
    throw new RangeError(`spectralNorm: startLeft has length ${options.startLeft.length}, expected ${m}`);
  }
  // SIMD products where they pay for the copy into WebAssembly memory; plain loops otherwise.
  const simd = m * n >= 4096 ? wasmMatVec(a.data, m, n) : null;
  // The largest entry and Σ squares: from the SIMD copy, else (or when an entry is not finite, to name it)
  // one plain pass. Σ squares only sets the breakdown threshold, so its summation order changes no result.
  const stats = simd?.stats();
  const scanned = stats && Number.isFinite(stats.maxAbs) ? stats : entryStats(a.data, n);
  const maxAbs = scanned.maxAbs;
  let sumSq = scanned.sumSq;
  const exponent = m === 0 || n === 0 ? null : scaleExponent([maxAbs]);
  if (exponent === null) {
    return {
      value: 0,
      log10Value: null,
      rightVector: unitOrFirst(options.start, n),
      leftVector: unitOrFirst(options.startLeft, m),
      steps: 0,
    };
  }
  // Work at unit scale (exact power-of-two copy) when squares of entries could over- or underflow.
  let data = a.data;
  let shift = 0;
  if (exponent < -100 || exponent > 100) {
    data = new Float64Array(a.data);
    scaleInPlace(data, -exponent);
    shift = exponent;
    ({ sumSq } = entryStats(data, n));
    if (simd) simd.load(data);
  }

  // Bidiagonalize from the side with fewer columns, so min(m, n) steps exhaust the space.
  const tall = m >= n;
  const mulA = simd ? simd.mul : (x: Float64Array, y: Float64Array): void => multiply(data, m, n, x, y);
  const scaled: Matrix = { rows: m, cols: n, data };
  const mulAt = simd ? simd.mulTransposed : (x: Float64Array, y: Float64Array): void => void matTVec(scaled, x, y);
  let start: Float64Array | undefined;
  if (tall) {
    if (options.startLeft && !options.start) start = fromOtherSide(options.startLeft, n, mulAt);
    else start = options.start;
  } else if (options.start && !options.startLeft) start = fromOtherSide(options.start, m, mulA);
  else start = options.startLeft;

  const t = tall
    ? topTriplet(mulA, mulAt, m, n, start, Math.sqrt(sumSq), options)
    : topTriplet(mulAt, mulA, n, m, start, Math.sqrt(sumSq), options);
  return {
    value: mulPow2(t.sigma, shift),
    log10Value: log10Scaled(t.sigma, shift),
    rightVector: tall ? t.inVec : t.outVec,
    leftVector: tall ? t.outVec : t.inVec,
    steps: t.steps,
  };
}

/** The largest |entry| and Σ squares of a row-major matrix with n columns; throws naming a non-finite entry. */
function entryStats(data: Float64Array, n: number): { maxAbs: number; sumSq: number } {
  let maxAbs = 0;
  let sumSq = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    const ax = Math.abs(x);
    if (!(ax <= Number.MAX_VALUE)) throw new RangeError(`spectralNorm: entry (${Math.floor(i / n)}, ${i % n}) is ${x}`);
    if (ax > maxAbs) maxAbs = ax;
    sumSq += x * x;
  }
  return { maxAbs, sumSq };
}

/** y = A x, A m×n row-major */
function multiply(a: Float64Array, m: number, n: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const base = i * n;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      s0 += a[base + j] * x[j];
      s1 += a[base + j + 1] * x[j + 1];
    }
    if (j < n) s0 += a[base + j] * x[j];
    y[i] = s0 + s1;
  }
}

function fromOtherSide(
  guess: Float64Array,
  len: number,
  mul: (x: Float64Array, y: Float64Array) => void,
): Float64Array {
  const out = new Float64Array(len);
  mul(guess, out);
  return out;
}

function unitOrFirst(v: Float64Array | undefined, len: number): Float64Array {
  const out = new Float64Array(len);
  const norm = v ? norm2(v) : 0;
  if (v && norm > 0 && Number.isFinite(norm)) for (let i = 0; i < len; i++) out[i] = v[i] / norm;
  else if (len > 0) out[0] = 1;
  return out;
}

interface Triplet {
  sigma: number;
  inVec: Float64Array;
  outVec: Float64Array;
  steps: number;
}

/**
 * GKL on an operator with p ≥ q: op maps R^q → R^p, opT back. Vectors are kept (full reorthogonalization
 * against all of them, two Gram–Schmidt passes) so no spurious copies of converged values appear.
 */
function topTriplet(
  op: (x: Float64Array, y: Float64Array) => void,
  opT: (x: Float64Array, y: Float64Array) => void,
  p: number,
  q: number,
  start: Float64Array | undefined,
  frobenius: number,
  options: SpectralNormOptions,
): Triplet {
  const tol = options.tolerance ?? 1e-14;
  const poll = cancelPoller(options);
  const rand = uniformMinusOneToOne(0x5eed1234);
  // Below this a new Lanczos vector is rounding noise: the space is (numerically) invariant.
  const breakdown = Math.sqrt(q) * Number.EPSILON * frobenius;
  const V: Float64Array[] = [];
  const U: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  // At most q steps, and the step that ends writes one more right vector.
  const basis = lanczosBasis(p, q, q + 1, options.javascriptOnly);

  let v = basis.v(0);
  v.set(initialVector(start, q, rand));
  const d: number[] = [];
  const e: number[] = [];
  for (;;) {
    poll();
    V.push(v);
    const k = V.length;
    // u_k = A v_k − β_{k−1} u_{k−1}, orthogonalised against all earlier u.
    const u = basis.u(k - 1);
    op(v, u);
    if (k > 1) axpy(-beta[k - 2], U[k - 2], u);
    basis.orthogonalize(u, U);
    let a = norm2(u);
    if (a <= breakdown) {
      randomOrthogonal(u, U, basis, rand);
      a = 0;
    } else scale(u, 1 / a);
    U.push(u);
    alpha.push(a);
    // r = Aᵀ u_k − α_k v_k, orthogonalised against all earlier v; β_k = ‖r‖.
    const r = basis.v(k);
    opT(u, r);
    axpy(-a, v, r);
    basis.orthogonalize(r, V);
    const b = norm2(r);

    // T = B_k B_kᵀ is tridiagonal: its top eigenpair gives θ₁² and the left singular vector x of B_k.
    if (k > 1) {
      d[k - 2] = alpha[k - 2] * alpha[k - 2] + beta[k - 2] * beta[k - 2];
      e[k - 2] = alpha[k - 1] * beta[k - 2];
    }
    d[k - 1] = a * a;
    const lambda1 = tridiagonalEigenvalue(d, e, k, 1);
    const theta1 = Math.sqrt(Math.max(lambda1, 0));
    const x = tridiagonalEigenvector(d, e, k, lambda1);
    const residual = b * Math.abs(x[k - 1]);
    let done = k >= q || b <= breakdown || residual <= tol * theta1;
    if (!done && k > 1 && options.gapBound) {
      const theta2 = Math.sqrt(Math.max(tridiagonalEigenvalue(d, e, k, 2), 0));
      const gap = theta1 - theta2 - residual;
      done = gap > 0 && residual * residual <= tol * theta1 * gap;
    }
    if (done) return ritzTriplet(theta1, x, alpha, beta, U, V, p, q);
    beta.push(b);
    v = r;
    scale(v, 1 / b);
  }
}

/** u = U x, v = V y with y = B_kᵀ x / θ (both normalised). */
function ritzTriplet(
  theta: number,
  x: Float64Array,
  alpha: number[],
  beta: number[],
  U: Float64Array[],
  V: Float64Array[],
  p: number,
  q: number,
): Triplet {
  const k = x.length;
  const outVec = new Float64Array(p);
  const inVec = new Float64Array(q);
  for (let i = 0; i < k; i++) {
    axpy(x[i], U[i], outVec);
    const yi = alpha[i] * x[i] + (i > 0 ? beta[i - 1] * x[i - 1] : 0);
    axpy(yi, V[i], inVec);
  }
  const nu = norm2(outVec);
  const nv = norm2(inVec);
  if (nu > 0) scale(outVec, 1 / nu);
  if (nv > 0) scale(inVec, 1 / nv);
  else inVec.set(V[0]); // θ = 0: A vanished on the whole explored space
  return { sigma: theta, inVec, outVec, steps: k };
}

/** The start, normalised, plus a small fixed pseudo-random direction (so it is never orthogonal to v₁). */
function initialVector(start: Float64Array | undefined, q: number, rand: () => number): Float64Array {
  const noise = new Float64Array(q);
  for (let i = 0; i < q; i++) noise[i] = rand();
  scale(noise, 1 / norm2(noise));
  const s = start ? Float64Array.from(start) : null;
  const sn = s ? norm2(s) : 0;
  if (!s || !(sn > 0) || !Number.isFinite(sn)) return noise;
  scale(s, 1 / sn);
  axpy(RANDOM_MIX, noise, s);
  scale(s, 1 / norm2(s));
  return s;
}

/** w: a unit vector orthogonal to the basis (pseudo-random: the Krylov space was invariant). */
function randomOrthogonal(w: Float64Array, basis: Float64Array[], space: LanczosBasis, rand: () => number): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    for (let i = 0; i < w.length; i++) w[i] = rand();
    space.orthogonalize(w, basis);
    const nw = norm2(w);
    if (nw > 1e-8) {
      scale(w, 1 / nw);
      return;
    }
  }
  throw new Error('spectralNorm: could not extend the Lanczos basis'); // only if the basis already spans the space
}

function scale(x: Float64Array, s: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= s;
}

/** ‖x‖₂; callers keep vectors at unit scale, so the plain sum of squares cannot overflow. */
function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

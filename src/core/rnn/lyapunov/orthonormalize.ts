// Q R = X for the k tangent directions X (n × k, row-major, k ≤ n), in place: X becomes Q and ln|R_ii| is
// written to `logDiagonal`. Benettin's method needs only the diagonal of R, in the log domain.
//
// Fast path: one Cholesky QR (G = XᵀX = RᵀR, Q = X R⁻¹), whose flops are all in gemm. Its Q is orthonormal only
// to about u·cond(X)², and one pass is still enough for Benettin's method: X = Q R holds to rounding whatever Q's
// departure, so over a run A_T⋯A_1 Q₀ = Q_T R_T⋯R_1 exactly, and with Q_T = Ô T (Ô orthonormal, T ≈ I upper
// triangular) the product's true R factor is T R_T⋯R_1. The logged diagonals are therefore off by ln T_ii once,
// at the end, not once per step; and the departure does not build up, because each step's pass starts again
// from the conditioning of A_t Q_{t−1}, which a nearly orthonormal Q_{t−1} barely changes. (A second pass, as
// in Cholesky QR2, would only make each intermediate Q orthonormal, which the exponents do not need.)
// When cond(X) is too large for Cholesky (a pivot that is not positive, or ‖R‖_F ‖R⁻¹‖_F above
// CONDITION_LIMIT), the step is done by Householder QR, which is backward stable for any X.
import { gemm } from '../../linalg/gemm';
import type { Matrix } from '../../linalg/matrix';

/**
 * The largest ‖R‖_F ‖R⁻¹‖_F (≥ cond₂(X)) accepted from Cholesky QR: Q then departs from orthonormal by at most
 * about u·10¹⁰ ≈ 10⁻⁶, far from where the next step's Gram matrix would lose positive definiteness.
 */
export const CONDITION_LIMIT = 1e5;

export interface Orthonormalizer {
  /** X (n × k) → Q in place; ln|R_ii| into logDiagonal (−∞ for a direction mapped to zero). */
  run(X: Matrix, logDiagonal: Float64Array): void;
  /** How many steps took the Householder path (a measure of how ill-conditioned the directions were). */
  readonly householderSteps: number;
}

export function orthonormalizer(options: { householderOnly?: boolean } = {}): Orthonormalizer {
  let householderSteps = 0;
  let work: Workspace | undefined;
  return {
    get householderSteps() {
      return householderSteps;
    },
    run(X, logDiagonal) {
      if (!work || work.n !== X.rows || work.k !== X.cols) work = workspace(X.rows, X.cols);
      if (!options.householderOnly && choleskyQr(X, logDiagonal, work)) return;
      householderSteps++;
      householderQr(X, logDiagonal);
    },
  };
}

/** Buffers reused every step: a run's QR steps all have the same shape. */
interface Workspace {
  readonly n: number;
  readonly k: number;
  readonly transposed: Matrix;
  readonly G: Matrix;
  readonly X: Matrix;
  readonly L: Float64Array;
  readonly inverse: Matrix;
}

function workspace(n: number, k: number): Workspace {
  const m = (rows: number, cols: number): Matrix => ({ rows, cols, data: new Float64Array(rows * cols) });
  return { n, k, transposed: m(k, n), G: m(k, k), X: m(n, k), L: new Float64Array(k * k), inverse: m(k, k) };
}

/** One Cholesky QR pass; false (X untouched) when X is too ill-conditioned for it. */
function choleskyQr(X: Matrix, logDiagonal: Float64Array, work: Workspace): boolean {
  const k = X.cols;
  const G = gram(X, work);
  const L = work.L;
  if (!choleskyLower(G.data, k, L)) return false;
  const inverse = work.inverse;
  const inverseSumSq = upperInverse(L, k, inverse.data);
  let sumSq = 0; // ‖R‖_F² = trace(G)
  for (let i = 0; i < k; i++) sumSq += G.data[i * k + i];
  if (!(Math.sqrt(sumSq * inverseSumSq) <= CONDITION_LIMIT)) return false;
  work.X.data.set(X.data);
  gemm(work.X, inverse, X);
  for (let i = 0; i < k; i++) logDiagonal[i] = Math.log(L[i * k + i]);
  return true;
}

/**
 * Lower-triangular L (k × k, row-major, into L) with L Lᵀ = G (so R = Lᵀ); false when a pivot is not positive and
 * finite. Row by row, so that every inner product runs over two contiguous rows (two partial sums: shorter
 * dependency chains).
 */
function choleskyLower(G: Float64Array, k: number, L: Float64Array): boolean {
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    for (let j = 0; j <= i; j++) {
      const rj = j * k;
      let s0 = G[ri + j];
      let s1 = 0;
      let p = 0;
      for (; p + 1 < j; p += 2) {
        s0 -= L[ri + p] * L[rj + p];
        s1 -= L[ri + p + 1] * L[rj + p + 1];
      }
      if (p < j) s0 -= L[ri + p] * L[rj + p];
      const s = s0 + s1;
      if (j < i) {
        L[ri + j] = s / L[rj + j];
      } else {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        L[ri + i] = Math.sqrt(s);
      }
    }
    for (let j = i + 1; j < k; j++) L[ri + j] = 0;
  }
  return true;
}

/**
 * R⁻¹ for R = Lᵀ into out (k × k, row-major), and returns ‖R⁻¹‖_F². Row j of R⁻¹ is column j of L⁻¹, found by
 * forward substitution L x = e_j: each entry is an inner product of a contiguous row of L with the contiguous
 * part of x already found, written where it belongs.
 */
function upperInverse(L: Float64Array, k: number, out: Float64Array): number {
  out.fill(0);
  let sumSq = 0;
  for (let j = 0; j < k; j++) {
    const o = j * k;
    const d = 1 / L[j * k + j];
    out[o + j] = d;
    sumSq += d * d;
    for (let i = j + 1; i < k; i++) {
      const ri = i * k;
      let s0 = 0;
      let s1 = 0;
      let p = j;
      for (; p + 1 < i; p += 2) {
        s0 += L[ri + p] * out[o + p];
        s1 += L[ri + p + 1] * out[o + p + 1];
      }
      if (p < i) s0 += L[ri + p] * out[o + p];
      const x = -(s0 + s1) / L[ri + i];
      out[o + i] = x;
      sumSq += x * x;
    }
  }
  return sumSq;
}

/** XᵀX into work.G. */
function gram(X: Matrix, work: Workspace): Matrix {
  transposeInto(X, work.transposed.data);
  return gemm(work.transposed, X, work.G);
}

/** Xᵀ (k × n) into out, in tiles of 8 rows so that the writes stay within a few cache lines. */
function transposeInto(X: Matrix, out: Float64Array): void {
  const { rows: n, cols: k, data } = X;
  const TILE = 8;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let j = 0; j < k; j++) {
      const to = j * n;
      for (let i = i0; i < i1; i++) out[to + i] = data[i * k + j];
    }
  }
}

/**
 * Householder QR on a column-major copy (contiguous columns), then Q formed by applying the reflectors to the
 * first k columns of the identity. A zero column below the diagonal gives R_jj = 0 (ln −∞) and no reflection.
 */
export function householderQr(X: Matrix, logDiagonal: Float64Array): void {
  const n = X.rows;
  const k = X.cols;
  const A = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) A[j * n + i] = X.data[i * k + j];
  const V = new Float64Array(n * k); // reflector j in column j, rows j..n−1, unit length (or zero)
  for (let j = 0; j < k; j++) {
    const col = j * n;
    let scale = 0;
    for (let i = j; i < n; i++) scale = Math.max(scale, Math.abs(A[col + i]));
    if (scale === 0) {
      logDiagonal[j] = -Infinity;
      continue;
    }
    let ss = 0;
    for (let i = j; i < n; i++) ss += (A[col + i] / scale) ** 2;
    const norm = scale * Math.sqrt(ss);
    const alpha = A[col + j] > 0 ? -norm : norm;
    logDiagonal[j] = Math.log(norm);
    let vv = 0;
    for (let i = j; i < n; i++) {
      const v = i === j ? A[col + i] - alpha : A[col + i];
      V[col + i] = v;
      vv += v * v;
    }
    const vn = Math.sqrt(vv);
    for (let i = j; i < n; i++) V[col + i] /= vn;
    for (let c = j + 1; c < k; c++) reflect(V, col, A, c * n, j, n);
  }
  // Q e_c = H_0 … H_{k−1} e_c.
  const Q = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    Q[c * n + c] = 1;
    for (let j = Math.min(c, k - 1); j >= 0; j--) reflect(V, j * n, Q, c * n, j, n);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) X.data[i * k + j] = Q[j * n + i];
}

/** y ← (I − 2vvᵀ) y on rows from..n−1, v at V[vAt + i], y at Y[yAt + i]. */
function reflect(V: Float64Array, vAt: number, Y: Float64Array, yAt: number, from: number, n: number): void {
  let d = 0;
  for (let i = from; i < n; i++) d += V[vAt + i] * Y[yAt + i];
  if (d === 0) return;
  d *= 2;
  for (let i = from; i < n; i++) Y[yAt + i] -= d * V[vAt + i];
}

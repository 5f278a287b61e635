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
import type { Matrix } from '../../linalg/matrix';
import {
  chunkRowsFor,
  gramTask,
  NONE,
  serialTangentSplitter,
  sumGramPartials,
  type TangentTask,
} from '../../linalg/tangent-product';

/**
 * The largest ‖R‖_F ‖R⁻¹‖_F (≥ cond₂(X)) accepted from Cholesky QR: Q then departs from orthonormal by at most
 * about u·10¹⁰ ≈ 10⁻⁶, far from where the next step's Gram matrix would lose positive definiteness.
 */
export const CONDITION_LIMIT = 1e5;

/**
 * R⁻¹ (k × k, row-major, into `inverse`) and ln R_ii (into logDiagonal) from G = XᵀX = RᵀR, of which only the
 * lower triangle is read; false when X is too ill-conditioned for Cholesky QR (a pivot that is not positive, or
 * ‖R‖_F ‖R⁻¹‖_F above CONDITION_LIMIT). `L` is k × k scratch.
 */
export function choleskyFromGram(
  G: Float64Array,
  k: number,
  L: Float64Array,
  inverse: Float64Array,
  logDiagonal: Float64Array,
): boolean {
  if (!choleskyLower(G, k, L)) return false;
  const inverseSumSq = upperInverse(L, k, inverse);
  let sumSq = 0; // ‖R‖_F² = trace(G)
  for (let i = 0; i < k; i++) sumSq += G[i * k + i];
  if (!(Math.sqrt(sumSq * inverseSumSq) <= CONDITION_LIMIT)) return false;
  for (let i = 0; i < k; i++) logDiagonal[i] = Math.log(L[i * k + i]);
  return true;
}

/** Q = X R⁻¹ by rows: the product task of a Cholesky QR pass (X in array x, R⁻¹ in inverse, Q into q). */
export function inverseTask(
  x: number,
  inverse: number,
  q: number,
  S: number,
  k: number,
  chunkRows: number,
): TangentTask {
  return {
    a: x,
    aAt: 0,
    rows: S,
    depth: k,
    b: inverse,
    bAt: 0,
    cols: k,
    c: q,
    cAt: 0,
    scale: NONE,
    e: NONE,
    y: NONE,
    yAt: 0,
    period: 1,
    accumulate: false,
    gram: false,
    chunkRows,
    aFixed: false,
  };
}

export interface Orthonormalizer {
  /** X (n × k) → Q in place; ln|R_ii| into logDiagonal (−∞ for a direction mapped to zero). */
  run(X: Matrix, logDiagonal: Float64Array): void;
  /** How many steps took the Householder path (a measure of how ill-conditioned the directions were). */
  readonly householderSteps: number;
}

/**
 * One QR step on its own, on this thread (benettin.ts runs the same tasks on its splitter, fused with the
 * step's product): the Gram partials by chunks, their sum, Cholesky, Q = X R⁻¹; Householder when that fails.
 */
export function orthonormalizer(options: { householderOnly?: boolean } = {}): Orthonormalizer {
  let householderSteps = 0;
  return {
    get householderSteps() {
      return householderSteps;
    },
    run(X, logDiagonal) {
      if (!options.householderOnly && choleskyQr(X, logDiagonal)) return;
      householderSteps++;
      householderQr(X, logDiagonal);
    },
  };
}

function choleskyQr(X: Matrix, logDiagonal: Float64Array): boolean {
  const { rows: n, cols: k } = X;
  const chunkRows = chunkRowsFor(n, k);
  const chunks = Math.ceil(n / chunkRows);
  const Q = new Float64Array(n * k);
  const inverse = new Float64Array(k * k);
  const splitter = serialTangentSplitter.open([X.data, Q, inverse], chunks, k);
  splitter.run(gramTask(0, n, k, chunkRows));
  const G = new Float64Array(k * k);
  sumGramPartials(splitter.gramParts, chunks, k, G);
  if (!choleskyFromGram(G, k, new Float64Array(k * k), inverse, logDiagonal)) return false;
  splitter.run(inverseTask(0, 2, 1, n, k, chunkRows));
  X.data.set(Q);
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

// Q R = X for the k tangent directions X (n × k, row-major, k ≤ n), in place: X becomes Q and ln|R_ii| is
// written to `logDiagonal`. Benettin's method needs only the diagonal of R, in the log domain.
//
// Fast path: Cholesky QR twice (G = XᵀX = RᵀR, Q = X R⁻¹, then once more on Q), whose flops are all in gemm. The
// second pass's Gram matrix says how far the first Q was from orthonormal (about u·cond(X)²); when that exceeds
// CHOLESKY_TOLERANCE, or a Cholesky pivot is not positive, the step is redone by Householder QR, which is
// backward stable for any X. The fast path then also has R_ii to a relative error of about the same tolerance.
import { gemm } from '../../linalg/gemm';
import { transpose, type Matrix } from '../../linalg/matrix';

/** The largest |QᵀQ − I| entry accepted from the first Cholesky pass (cond(X) ≲ 3·10³). */
export const CHOLESKY_TOLERANCE = 1e-10;

export interface Orthonormalizer {
  /** X (n × k) → Q in place; ln|R_ii| into logDiagonal (−∞ for a direction mapped to zero). */
  run(X: Matrix, logDiagonal: Float64Array): void;
  /** How many steps took the Householder path (a measure of how ill-conditioned the directions were). */
  readonly householderSteps: number;
}

export function orthonormalizer(options: { householderOnly?: boolean } = {}): Orthonormalizer {
  let householderSteps = 0;
  return {
    get householderSteps() {
      return householderSteps;
    },
    run(X, logDiagonal) {
      if (!options.householderOnly && choleskyQr2(X, logDiagonal)) return;
      householderSteps++;
      householderQr(X, logDiagonal);
    },
  };
}

/** Two Cholesky QR passes; false (X untouched) when the first pass is too inaccurate to finish with a second. */
function choleskyQr2(X: Matrix, logDiagonal: Float64Array): boolean {
  const k = X.cols;
  const first = choleskyFactor(gram(X));
  if (!first) return false;
  const Q1 = gemm(X, upperInverse(first, k));
  const G2 = gram(Q1);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      if (Math.abs(G2.data[i * k + j] - (i === j ? 1 : 0)) > CHOLESKY_TOLERANCE || Number.isNaN(G2.data[i * k + j]))
        return false;
  const second = choleskyFactor(G2);
  if (!second) return false;
  gemm(Q1, upperInverse(second, k), X);
  // diag(R₂R₁) = diag(R₂)·diag(R₁): triangular factors multiply on the diagonal.
  for (let i = 0; i < k; i++) logDiagonal[i] = Math.log(second[i * k + i]) + Math.log(first[i * k + i]);
  return true;
}

function gram(X: Matrix): Matrix {
  return gemm(transpose(X), X);
}

/** Upper-triangular R (k × k, row-major) with RᵀR = G, or null when a pivot is not positive and finite. */
function choleskyFactor(G: Matrix): Float64Array | null {
  const k = G.rows;
  const R = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = G.data[j * k + j];
    for (let p = 0; p < j; p++) d -= R[p * k + j] * R[p * k + j];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const r = Math.sqrt(d);
    R[j * k + j] = r;
    for (let i = j + 1; i < k; i++) {
      let s = G.data[j * k + i];
      for (let p = 0; p < j; p++) s -= R[p * k + j] * R[p * k + i];
      R[j * k + i] = s / r;
    }
  }
  return R;
}

/** R⁻¹ of an upper-triangular R with a nonzero diagonal (k × k). */
function upperInverse(R: Float64Array, k: number): Matrix {
  const inv = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    inv[j * k + j] = 1 / R[j * k + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let p = i + 1; p <= j; p++) s += R[i * k + p] * inv[p * k + j];
      inv[i * k + j] = -s / R[i * k + i];
    }
  }
  return { rows: k, cols: k, data: inv };
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

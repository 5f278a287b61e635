// Q R = X for the k tangent directions X (n × k, row-major, k ≤ n), in place: X becomes Q and ln|R_ii| is
// written to `logDiagonal`. Benettin's method needs only the diagonal of R, in the log domain.
//
// Fast path: Cholesky QR twice (G = XᵀX = RᵀR, Q = X R⁻¹, then once more on Q), whose flops are all in gemm. The
// second pass's Gram matrix says how far the first Q was from orthonormal (about u·cond(X)²); when that exceeds
// CHOLESKY_TOLERANCE, or a Cholesky pivot is not positive, the step is redone by Householder QR, which is
// backward stable for any X. The fast path then also has R_ii to a relative error of about the same tolerance.
import { gemm } from '../../linalg/gemm';
import type { Matrix } from '../../linalg/matrix';

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
  let work: Workspace | undefined;
  return {
    get householderSteps() {
      return householderSteps;
    },
    run(X, logDiagonal) {
      if (!work || work.n !== X.rows || work.k !== X.cols) work = workspace(X.rows, X.cols);
      if (!options.householderOnly && choleskyQr2(X, logDiagonal, work)) return;
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
  readonly Q1: Matrix;
}

function workspace(n: number, k: number): Workspace {
  const m = (rows: number, cols: number): Matrix => ({ rows, cols, data: new Float64Array(rows * cols) });
  return { n, k, transposed: m(k, n), G: m(k, k), Q1: m(n, k) };
}

/** Two Cholesky QR passes; false (X untouched) when the first pass is too inaccurate to finish with a second. */
function choleskyQr2(X: Matrix, logDiagonal: Float64Array, work: Workspace): boolean {
  const k = X.cols;
  const first = choleskyLower(gram(X, work));
  if (!first) return false;
  const Q1 = gemm(X, inverseTransposed(first, k), work.Q1);
  const G2 = gram(Q1, work);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      if (Math.abs(G2.data[i * k + j] - (i === j ? 1 : 0)) > CHOLESKY_TOLERANCE || Number.isNaN(G2.data[i * k + j]))
        return false;
  const second = choleskyLower(G2);
  if (!second) return false;
  gemm(Q1, inverseTransposed(second, k), X);
  // R = Lᵀ, and diag(R₂R₁) = diag(R₂)·diag(R₁): triangular factors multiply on the diagonal.
  for (let i = 0; i < k; i++) logDiagonal[i] = Math.log(second[i * k + i]) + Math.log(first[i * k + i]);
  return true;
}

/**
 * Lower-triangular L (k × k, row-major) with L Lᵀ = G (so R = Lᵀ), or null when a pivot is not positive and
 * finite. Row by row, so that every inner product runs over two contiguous rows.
 */
function choleskyLower(G: Matrix): Float64Array | null {
  const k = G.rows;
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    for (let j = 0; j <= i; j++) {
      const rj = j * k;
      let s = G.data[ri + j];
      for (let p = 0; p < j; p++) s -= L[ri + p] * L[rj + p];
      if (j < i) {
        L[ri + j] = s / L[rj + j];
      } else {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[ri + i] = Math.sqrt(s);
      }
    }
  }
  return L;
}

/** (L⁻¹)ᵀ = R⁻¹ for R = Lᵀ: rows of L⁻¹ by forward substitution (contiguous row updates), then transposed. */
function inverseTransposed(L: Float64Array, k: number): Matrix {
  const M = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    M[ri + i] = 1;
    for (let p = 0; p < i; p++) {
      const a = L[ri + p];
      if (a === 0) continue;
      const rp = p * k;
      for (let j = 0; j <= p; j++) M[ri + j] -= a * M[rp + j];
    }
    const d = 1 / L[ri + i];
    for (let j = 0; j <= i; j++) M[ri + j] *= d;
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) out[j * k + i] = M[i * k + j];
  return { rows: k, cols: k, data: out };
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

// Householder reduction of a square matrix to upper Hessenberg form, H ← Qᵀ H Q (Q not kept).
// Large matrices go panel by panel (blocked, so most of the work is matrix products through gemm);
// the last columns, and small matrices, use the plain one-reflector-at-a-time loop.
import { gemm } from './gemm';
import { wasmMatVec, type MatVec } from './gemv-wasm';

/** Reflectors per panel. */
const PANEL = 32;
/** Columns left for the unblocked loop (below this, panel bookkeeping costs more than it saves). */
const CROSSOVER = 96;

/**
 * In place; `poll` is called every few columns (it may throw to cancel). `unblocked`, if given, reduces the columns
 * from..n−3 in place of the JavaScript loop (the WebAssembly kernel of eigen-wasm.ts, the same operations).
 */
export function reduceToHessenberg(
  h: Float64Array,
  n: number,
  poll: () => void = () => {},
  blocked = true,
  unblocked?: (from: number, to: number, poll: () => void) => void,
): void {
  let k = 0;
  if (blocked && n - 2 > CROSSOVER) {
    const work = new Workspace(n, PANEL, wasmMatVec(h, n, n));
    for (; n - 2 - k > CROSSOVER; k += PANEL) {
      poll();
      reducePanel(h, n, k, Math.min(PANEL, n - 2 - k), work);
    }
  }
  if (unblocked) unblocked(k, n - 2, poll);
  else reduceUnblocked(h, n, k, poll);
  // Entries too small to register in the norms are below rounding level: clear them so the QR sweep,
  // which reads the positions just under the subdiagonal, sees an exact Hessenberg matrix.
  for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);
}

/**
 * Columns from..n−3, one reflector at a time. Both updates run along rows, so the row-major storage is
 * read contiguously: left as w = vᵀH then H −= τ v w, right as a dot product and an axpy per row.
 */
function reduceUnblocked(h: Float64Array, n: number, from: number, poll: () => void): void {
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = from; k < n - 2; k++) {
    if ((k & 7) === 0) poll();
    const len = n - k - 1;
    const alpha = h[(k + 1) * n + k];
    let sigma = 0;
    for (let i = k + 2; i < n; i++) {
      const x = h[i * n + k];
      sigma += x * x;
    }
    if (sigma === 0) continue;
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    v[0] = 1;
    for (let i = 1; i < len; i++) {
      v[i] = h[(k + 1 + i) * n + k] * inv;
      h[(k + 1 + i) * n + k] = 0;
    }
    h[(k + 1) * n + k] = beta;

    const c0 = k + 1;
    w.fill(0, c0, n);
    for (let i = 0; i < len; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const row = (c0 + i) * n;
      for (let j = c0; j < n; j++) w[j] += vi * h[row + j];
    }
    for (let i = 0; i < len; i++) {
      const s = tau * v[i];
      if (s === 0) continue;
      const row = (c0 + i) * n;
      for (let j = c0; j < n; j++) h[row + j] -= s * w[j];
    }
    for (let r = 0; r < n; r++) {
      const row = r * n + c0;
      // Four partial sums: one running sum would wait on each addition's latency.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < len; i += 4) {
        s0 += h[row + i] * v[i];
        s1 += h[row + i + 1] * v[i + 1];
        s2 += h[row + i + 2] * v[i + 2];
        s3 += h[row + i + 3] * v[i + 3];
      }
      for (; i < len; i++) s0 += h[row + i] * v[i];
      const s = tau * (s0 + s1 + (s2 + s3));
      if (s === 0) continue;
      for (let j = 0; j < len; j++) h[row + j] -= s * v[j];
    }
  }
}

/**
 * Reduce columns k..k+nb−1. With A the matrix at the panel's start and Q_j = H_0⋯H_{j−1} = I − V T Vᵀ
 * (compact WY, T upper triangular), column c = k+j of Q_jᵀ A Q_j is (I − V Tᵀ Vᵀ)(A e_c − Y Vᵀ e_c) with
 * Y = A V T, so each reflector needs only one product A v (the columns right of c are still A's) and
 * O(n·j) corrections. Afterwards the trailing columns get A ← (I − V Tᵀ Vᵀ)(A − Y Vᵀ) by three gemm calls.
 */
function reducePanel(h: Float64Array, n: number, k: number, nb: number, work: Workspace): void {
  const { Vt, Y, T, b, s, z, av, simd } = work;
  Vt.fill(0);
  Y.fill(0);
  T.fill(0);
  simd?.load(h); // A at the panel's start, for the products A v

  for (let j = 0; j < nb; j++) {
    const c = k + j;
    for (let i = 0; i < n; i++) b[i] = h[i * n + c];
    if (j > 0) {
      // b ← A e_c − Y (Vᵀ e_c)
      for (let l = 0; l < j; l++) z[l] = Vt[l * n + c];
      for (let i = 0; i < n; i++) {
        let acc = 0;
        const yi = i * nb;
        for (let l = 0; l < j; l++) acc += Y[yi + l] * z[l];
        b[i] -= acc;
      }
      // b ← b − V Tᵀ Vᵀ b (rows ≥ k+1 only: V is zero above)
      for (let l = 0; l < j; l++) {
        let acc = 0;
        const vl = l * n;
        for (let i = k + 1 + l; i < n; i++) acc += Vt[vl + i] * b[i];
        z[l] = acc;
      }
      for (let l = j - 1; l >= 0; l--) {
        let acc = 0;
        for (let m = 0; m <= l; m++) acc += T[m * nb + l] * z[m];
        z[l] = acc;
      }
      for (let l = 0; l < j; l++) {
        const zl = z[l];
        const vl = l * n;
        for (let i = k + 1 + l; i < n; i++) b[i] -= Vt[vl + i] * zl;
      }
    }
    // The reflector that zeroes b below row c+1; column c is then final.
    const alpha = b[c + 1];
    let sigma = 0;
    for (let i = c + 2; i < n; i++) sigma += b[i] * b[i];
    for (let i = 0; i <= c; i++) h[i * n + c] = b[i];
    const vj = j * n;
    Vt[vj + c + 1] = 1;
    let tau = 0;
    let beta = alpha;
    if (sigma !== 0) {
      const norm = Math.sqrt(alpha * alpha + sigma);
      beta = alpha >= 0 ? -norm : norm;
      tau = (beta - alpha) / beta;
      const inv = 1 / (alpha - beta);
      for (let i = c + 2; i < n; i++) Vt[vj + i] = b[i] * inv;
    } else {
      for (let i = c + 2; i < n; i++) Vt[vj + i] = b[i]; // zero, or too small to square: left as is
    }
    h[(c + 1) * n + c] = beta;
    for (let i = c + 2; i < n; i++) h[i * n + c] = 0;

    // s = V_jᵀ v_j; T's new column = −τ T s, diagonal τ.
    for (let l = 0; l < j; l++) {
      let acc = 0;
      const vl = l * n;
      for (let i = c + 1; i < n; i++) acc += Vt[vl + i] * Vt[vj + i];
      s[l] = acc;
    }
    for (let l = 0; l < j; l++) {
      let acc = 0;
      for (let m = l; m < j; m++) acc += T[l * nb + m] * s[m];
      T[l * nb + j] = -tau * acc;
    }
    T[j * nb + j] = tau;
    // Y's new column = τ (A v_j − Y_j s), with A's columns c+1.. still untouched.
    if (simd && tau !== 0) simd.mulFrom(Vt.subarray(vj, vj + n), av, c + 1);
    for (let i = 0; i < n; i++) {
      if (tau === 0) {
        Y[i * nb + j] = 0;
        continue;
      }
      let acc: number;
      if (simd) acc = av[i];
      else {
        const row = i * n;
        let a0 = 0;
        let a1 = 0;
        let col = c + 1;
        for (; col + 1 < n; col += 2) {
          a0 += h[row + col] * Vt[vj + col];
          a1 += h[row + col + 1] * Vt[vj + col + 1];
        }
        if (col < n) a0 += h[row + col] * Vt[vj + col];
        acc = a0 + a1;
      }
      const yi = i * nb;
      for (let l = 0; l < j; l++) acc -= Y[yi + l] * s[l];
      Y[yi + j] = tau * acc;
    }
  }

  const cc = k + nb;
  const w = n - cc;
  if (w <= 0) return;
  // Right: A[:, cc:] −= Y · Vᵀ[:, cc:]
  const vRight = work.buffer(0, nb * w);
  for (let l = 0; l < nb; l++) vRight.set(Vt.subarray(l * n + cc, l * n + n), l * w);
  const right = gemm(
    { rows: n, cols: nb, data: Y },
    { rows: nb, cols: w, data: vRight },
    { rows: n, cols: w, data: work.buffer(1, n * w) },
  );
  for (let i = 0; i < n; i++) {
    const row = i * n + cc;
    const pr = i * w;
    for (let jj = 0; jj < w; jj++) h[row + jj] -= right.data[pr + jj];
  }
  // Left: X = A[k+1:, cc:] ← X − V (Tᵀ (Vᵀ X))
  const r0 = k + 1;
  const mr = n - r0;
  const x = work.buffer(1, mr * w);
  for (let i = 0; i < mr; i++) x.set(h.subarray((r0 + i) * n + cc, (r0 + i) * n + n), i * w);
  const vtLeft = work.buffer(0, nb * mr);
  for (let l = 0; l < nb; l++) vtLeft.set(Vt.subarray(l * n + r0, l * n + n), l * mr);
  const wv = gemm(
    { rows: nb, cols: mr, data: vtLeft },
    { rows: mr, cols: w, data: x },
    { rows: nb, cols: w, data: work.buffer(2, nb * w) },
  );
  const tw = work.buffer(3, nb * w);
  tw.fill(0);
  for (let l = 0; l < nb; l++) {
    for (let m = 0; m <= l; m++) {
      const t = T[m * nb + l];
      if (t === 0) continue;
      const src = m * w;
      const dst = l * w;
      for (let jj = 0; jj < w; jj++) tw[dst + jj] += t * wv.data[src + jj];
    }
  }
  const vLeft = work.buffer(4, mr * nb);
  for (let i = 0; i < mr; i++) for (let l = 0; l < nb; l++) vLeft[i * nb + l] = vtLeft[l * mr + i];
  const upd = gemm(
    { rows: mr, cols: nb, data: vLeft },
    { rows: nb, cols: w, data: tw },
    { rows: mr, cols: w, data: work.buffer(1, mr * w) },
  );
  for (let i = 0; i < mr; i++) {
    const row = (r0 + i) * n + cc;
    const pr = i * w;
    for (let jj = 0; jj < w; jj++) h[row + jj] -= upd.data[pr + jj];
  }
}

/** Buffers reused by every panel (fewer large allocations, less garbage collection). */
class Workspace {
  readonly Vt: Float64Array; // row j = v_j (zero above row k+j+1, 1 at k+j+1)
  readonly Y: Float64Array; // n × nb
  readonly T: Float64Array; // nb × nb, upper triangular
  readonly b: Float64Array;
  readonly s: Float64Array;
  readonly z: Float64Array;
  readonly av: Float64Array;
  private readonly scratch: Float64Array[];

  constructor(
    n: number,
    nb: number,
    /** SIMD products with A (a copy refreshed at each panel), if available. */
    readonly simd: MatVec | null,
  ) {
    this.Vt = new Float64Array(nb * n);
    this.Y = new Float64Array(n * nb);
    this.T = new Float64Array(nb * nb);
    this.b = new Float64Array(n);
    this.s = new Float64Array(nb);
    this.z = new Float64Array(nb);
    this.av = new Float64Array(n);
    this.scratch = [nb * n, n * n, nb * n, nb * n, n * nb].map((len) => new Float64Array(len));
  }

  /** The first `len` entries of scratch buffer i (its contents are whatever was left there). */
  buffer(i: number, len: number): Float64Array {
    return this.scratch[i].subarray(0, len);
  }
}

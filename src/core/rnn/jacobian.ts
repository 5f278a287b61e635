// The Jacobian curve J(l) = ∂h_T/∂h_{T−l} = ∏_{i=T−l+1..T} diag(σ'(a_i)) W_hh for l = 1..L.
// J(l+1) = J(l) · diag(σ'(a_{T−l})) · W_hh: one matrix product per lag. The stored product S(l) is J(l)
// divided by the norms of the earlier ones (its own norm f_l is O(1)), and log10 ‖J(l)‖ = Σ_{i≤l} log10 f_i,
// so norms of 1e-400 stay numbers. A W_hh far from unit scale (1e-310, 1e308) is used as W_hh·2^−e, exactly, and
// each lag adds e·log10 2: the products then neither underflow nor overflow. Each product goes to the row splitter the caller gives (one that shares
// the rows with a helper thread, say), which works on it while this thread runs Lanczos for ‖J(l)‖₂.
import type { Matrix } from '../linalg/matrix';
import { normFromSumOfSquares, vectorNorm } from '../linalg/matrix';
import { serialRowSplitter, type OpenRowSplitter } from '../linalg/row-splitter';
import { LOG10_2, scaleExponent, scaleInPlace, unitScaled } from '../linalg/scaling';
import { spectralNorm } from '../linalg/svd';
import { throwIfCancelled, type ComputeHooks } from './hooks';
import { plain } from '../notation';

export interface JacobianCurve {
  /** log10 ‖J(l)‖_F for l = 1..L; null where J(l) is exactly zero. */
  log10Frobenius: (number | null)[];
  log10Spectral: (number | null)[];
  /** Exact curves: how the products were shared (row chunks in all, how many the helper thread computed). */
  chunks?: { total: number; onHelper: number };
}

export interface JacobianCurveOptions {
  /** Who computes the products' rows (e.g. rowSplitterWith(helperThread())); by default this thread alone. */
  rowSplitter?: OpenRowSplitter;
}

/** A norm outside these is rescaled by a power of two before the next product divides by it. */
const SAFE_NORM = [1e-250, 1e250];

/**
 * @param derivatives σ'(a_1) … σ'(a_T)
 * @param lags L ≤ T
 */
export function jacobianCurve(
  given: Matrix,
  derivatives: readonly Float64Array[],
  lags: number,
  hooks?: ComputeHooks,
  options: JacobianCurveOptions = {},
): JacobianCurve {
  const n = given.rows;
  const T = derivatives.length;
  if (lags > T) throw new RangeError(`lags ${lags} > steps ${T}`);
  const { matrix: W, exponent } = unitScaled(given);
  const log10Frobenius: (number | null)[] = [];
  const log10Spectral: (number | null)[] = [];
  const splitter = (options.rowSplitter ?? serialRowSplitter)(W.data, n);
  try {
    // S(1) = J(1) = diag(σ'(a_T)) W: scale the rows of W.
    const dT = derivatives[T - 1];
    const first = splitter.J[0];
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = dT[i] * W.data[i * n + j];
        first[i * n + j] = v;
        sumSq += v * v;
      }
    }
    let current: 0 | 1 = 0;
    let logScale = 0;
    let zero = false;
    // J(l+1) = J(l)·diag(σ')·W_hh changes on the right: its top left singular vector (on the h_T side) moves
    // least from lag to lag, so Lanczos starts from the previous one (about 8 % fewer steps than from the right).
    let startLeft: Float64Array | undefined;
    const scale = new Float64Array(n);
    for (let l = 1; l <= lags; l++) {
      throwIfCancelled(hooks);
      const S = splitter.J[current];
      let f = zero ? 0 : normFromSumOfSquares(S, sumSq);
      if (f !== 0 && !(f >= SAFE_NORM[0] && f <= SAFE_NORM[1])) {
        // Tiny σ' (a saturated sigmoid) can take S near the ends of float64, where 1/f would overflow.
        const e = scaleExponent(S) ?? 0;
        scaleInPlace(S, -e);
        logScale += e * LOG10_2;
        f = vectorNorm(S);
      }
      if (f === 0) {
        zero = true;
        log10Frobenius.push(null);
        log10Spectral.push(null);
        continue;
      }
      logScale += exponent * LOG10_2;
      const logBefore = logScale;
      logScale += Math.log10(f);
      const more = l < lags;
      if (more) {
        // S(l+1) = (S(l) / f_l) · diag(σ'(a_{T−l})) · W, published before ‖S(l)‖₂ is computed here.
        const d = derivatives[T - l - 1];
        for (let j = 0; j < n; j++) scale[j] = d[j] / f;
        splitter.publish(current, scale);
      }
      const s = spectralNorm({ rows: n, cols: n, data: S }, startLeft ? { startLeft } : {});
      startLeft = s.leftVector;
      log10Frobenius.push(logScale);
      log10Spectral.push(s.value > 0 ? logBefore + Math.log10(s.value) : null);
      if (more) {
        sumSq = splitter.complete();
        current = current === 0 ? 1 : 0;
      }
      hooks?.onProgress?.(l / lags, `Jacobian ${plain(`∂h_T/∂h_{T−${l}}`)}`);
    }
  } finally {
    splitter.close();
  }
  const chunks = { total: splitter.chunksInAll, onHelper: splitter.chunksInAll - splitter.chunksHere };
  return { log10Frobenius, log10Spectral, chunks };
}

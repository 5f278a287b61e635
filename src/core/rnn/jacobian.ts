// The Jacobian curve J(l) = ∂h_T/∂h_{T−l} = ∏_{i=T−l+1..T} diag(σ'(a_i)) W_hh for l = 1..L.
// J(l) = J(l−1) · diag(σ'(a_{T−l+1})) · W_hh, one matrix product per lag. The running product is kept
// normalised (‖J‖_F = 1) and its scale carried as a log10, so norms of 1e-400 stay numbers.
import { gemm } from '../linalg/gemm';
import type { Matrix } from '../linalg/matrix';
import { vectorNorm } from '../linalg/matrix';
import { spectralNorm } from '../linalg/svd';
import { throwIfCancelled, type ComputeHooks } from './hooks';

export interface JacobianCurve {
  /** log10 ‖J(l)‖_F for l = 1..L; null where J(l) is exactly zero. */
  log10Frobenius: (number | null)[];
  log10Spectral: (number | null)[];
}

/**
 * @param derivatives σ'(a_1) … σ'(a_T)
 * @param lags L ≤ T
 */
export function jacobianCurve(W: Matrix, derivatives: readonly Float64Array[], lags: number, hooks?: ComputeHooks): JacobianCurve {
  const n = W.rows;
  const T = derivatives.length;
  if (lags > T) throw new RangeError(`lags ${lags} > steps ${T}`);
  const log10Frobenius: (number | null)[] = [];
  const log10Spectral: (number | null)[] = [];
  // J(1) = diag(σ'(a_T)) W: scale the rows of W.
  let J: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
  let spare: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
  const dT = derivatives[T - 1];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) J.data[i * n + j] = dT[i] * W.data[i * n + j];
  let logScale = 0;
  let zero = false;
  let start: Float64Array | undefined;
  for (let l = 1; l <= lags; l++) {
    throwIfCancelled(hooks);
    if (l > 1 && !zero) {
      // J ← (J · diag(d)) · W, with d = σ'(a_{T−l+1}).
      const d = derivatives[T - l];
      for (let i = 0; i < n; i++) {
        const row = i * n;
        for (let j = 0; j < n; j++) J.data[row + j] *= d[j];
      }
      gemm(J, W, spare);
      [J, spare] = [spare, J];
    }
    const fro = zero ? 0 : vectorNorm(J.data);
    if (fro === 0 || zero) {
      zero = true;
      log10Frobenius.push(null);
      log10Spectral.push(null);
    } else {
      const inv = 1 / fro;
      for (let k = 0; k < J.data.length; k++) J.data[k] *= inv;
      logScale += Math.log10(fro);
      const s = spectralNorm(J, start ? { start } : {});
      start = s.rightVector;
      log10Frobenius.push(logScale);
      log10Spectral.push(s.value > 0 ? logScale + Math.log10(s.value) : null);
    }
    hooks?.onProgress?.(l / lags, `Jacobian ∂h_T/∂h_{T−${l}}`);
  }
  return { log10Frobenius, log10Spectral };
}

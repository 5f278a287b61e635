// The Jacobian curve estimated for sizes where forming every J(l) (L products of n×n matrices) would take too long.
// Frobenius: k Gaussian probe rows Y_l = Zᵀ J(l), pushed through Y_l = Y_{l−1} · diag(σ'(a_{T−l+1})) · W_hh at
// k·n² per lag; E‖zᵀJ‖² = ‖J‖_F² (Hutchinson), relative error about 1/√(2k) of the square for a well-spread J.
// Spectral: a lower bound ‖J(l) v‖ with v the top right singular vector of Y_l (a randomized range finder),
// tight when J(l) has a dominant direction, as long products do; J(l) v costs l matrix-vector products.
import type { Matrix } from '../linalg/matrix';
import { matVec, vectorNorm } from '../linalg/matrix';
import { gemm } from '../linalg/gemm';
import { LOG10_2, unitScaled } from '../linalg/scaling';
import { spectralNorm } from '../linalg/svd';
import { SeededNormal } from '../random';
import { throwIfCancelled, type ComputeHooks } from './hooks';
import type { JacobianCurve } from './jacobian';
import { plain } from '../notation';

export const ESTIMATE_PROBES = 32;

export function estimatedJacobianCurve(
  given: Matrix,
  derivatives: readonly Float64Array[],
  lags: number,
  probes = ESTIMATE_PROBES,
  seed = 0,
  hooks?: ComputeHooks,
): JacobianCurve {
  const n = given.rows;
  const T = derivatives.length;
  // W_hh far from unit scale is used as W_hh·2^−e (exact); every factor W_hh adds e·log10 2.
  const { matrix: W, exponent } = unitScaled(given);
  const decadesPerFactor = exponent * LOG10_2;
  const k = probes;
  const rng = new SeededNormal(seed);
  let Y: Matrix = { rows: k, cols: n, data: new Float64Array(k * n).map(() => rng.normal()) };
  let spare: Matrix = { rows: k, cols: n, data: new Float64Array(k * n) };
  let logScale = 0;
  const log10Frobenius: (number | null)[] = [];
  const log10Spectral: (number | null)[] = [];
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let l = 1; l <= lags; l++) {
    throwIfCancelled(hooks);
    const d = derivatives[T - l];
    for (let r = 0; r < k; r++) for (let j = 0; j < n; j++) Y.data[r * n + j] *= d[j];
    gemm(Y, W, spare);
    [Y, spare] = [spare, Y];
    const norm = vectorNorm(Y.data);
    if (norm === 0) {
      for (let rest = l; rest <= lags; rest++) {
        log10Frobenius.push(null);
        log10Spectral.push(null);
      }
      break;
    }
    for (let i = 0; i < Y.data.length; i++) Y.data[i] /= norm;
    logScale += Math.log10(norm) + decadesPerFactor;
    log10Frobenius.push(logScale - 0.5 * Math.log10(k));
    // ‖J(l) v‖ through the chain, innermost factor first: x ← diag(σ'(a_i)) W x for i = T−l+1 … T.
    x.set(spectralNorm(Y).rightVector);
    let logChain = 0;
    let zero = false;
    for (let i = T - l; i < T; i++) {
      matVec(W, x, y);
      const di = derivatives[i];
      for (let j = 0; j < n; j++) y[j] *= di[j];
      const s = vectorNorm(y);
      if (s === 0) {
        zero = true;
        break;
      }
      for (let j = 0; j < n; j++) x[j] = y[j] / s;
      logChain += Math.log10(s) + decadesPerFactor;
    }
    log10Spectral.push(zero ? null : logChain);
    hooks?.onProgress?.(l / lags, `Jacobian ${plain(`∂h_T/∂h_{T−${l}}`)} (estimated)`);
  }
  return { log10Frobenius, log10Spectral };
}

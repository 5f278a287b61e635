// Backpropagation through time for the probe loss E = ½‖h_T‖².
// W_hh is one weight tied across all T steps, so ∂E/∂W_hh = Σ_k G_k with G_k = g_k h_{k−1}ᵀ and
// g_k = ∂E/∂a_k: the same rule as for any tied pair w1 = w2, whose gradient is ∂E/∂w1 + ∂E/∂w2.
// δ_k = ∂E/∂h_k is carried normalised with a log10 scale, so contributions from far back stay numbers.
import { gemm } from '../linalg/gemm';
import { wasmMatVec } from '../linalg/gemv-wasm';
import type { Matrix } from '../linalg/matrix';
import { matTVec, transpose, vectorNorm, zeros } from '../linalg/matrix';
import type { Trajectory } from './forward';
import { throwIfCancelled, type ComputeHooks } from './hooks';
import type { RnnModel } from './model';

export interface BpttGradient {
  /** ∂E/∂W_hh (n×n), the sum of the per-step contributions. */
  W_hh: Matrix;
  /** ∂E/∂W_xh (n×m) and ∂E/∂b_h, for tied groups. */
  W_xh: Matrix;
  b_h: Float64Array;
  /** log10 ‖G_{T−l}‖_F for l = 0..T−1; null where the contribution is exactly zero (e.g. h_0 = 0). */
  log10ByLag: (number | null)[];
}

export function bpttGradient(
  model: RnnModel,
  trajectory: Trajectory,
  inputs: readonly Float64Array[],
  hooks?: ComputeHooks,
): BpttGradient {
  const n = model.hiddenSize;
  const m = model.inputSize;
  const T = trajectory.derivative.length;
  // Row k−1 of G is g_k = ∂E/∂a_k (at its true scale); row k−1 of H is h_{k−1}, of X is x_k. Then
  // ∂E/∂W_hh = Σ_k g_k h_{k−1}ᵀ = Gᵀ H, ∂E/∂W_xh = Gᵀ X, ∂E/∂b_h = Σ_k g_k: two matrix products
  // instead of T rank-one updates.
  const G = zeros(T, n);
  const log10ByLag: (number | null)[] = [];
  const Wt = wasmMatVec(model.W_hh.data, n, n);
  // δ_T = ∂E/∂h_T = h_T.
  let delta: Float64Array = Float64Array.from(trajectory.hidden[T]);
  let next: Float64Array = new Float64Array(n);
  let logScale = 0;
  const g = new Float64Array(n);
  for (let k = T; k >= 1; k--) {
    throwIfCancelled(hooks);
    const d = trajectory.derivative[k - 1];
    for (let i = 0; i < n; i++) g[i] = delta[i] * d[i];
    const gNorm = vectorNorm(g);
    const hNorm = vectorNorm(trajectory.hidden[k - 1]);
    log10ByLag.push(gNorm > 0 && hNorm > 0 ? logScale + Math.log10(gNorm) + Math.log10(hNorm) : null);
    const factor = 10 ** logScale; // may underflow to 0: such a contribution is below float64 anyway
    if (factor > 0 && gNorm > 0) {
      const row = (k - 1) * n;
      for (let i = 0; i < n; i++) G.data[row + i] = g[i] * factor;
    }
    // δ_{k−1} = W_hhᵀ g_k, renormalised.
    if (Wt) Wt.mulTransposed(g, next);
    else matTVec(model.W_hh, g, next);
    [delta, next] = [next, delta];
    const norm = vectorNorm(delta);
    if (norm === 0) {
      for (let rest = k - 1; rest >= 1; rest--) log10ByLag.push(null);
      break;
    }
    for (let i = 0; i < n; i++) delta[i] /= norm;
    logScale += Math.log10(norm);
    hooks?.onProgress?.((T - k + 1) / T, `gradient, step ${k}`);
  }
  const Gt = transpose(G);
  const H = zeros(T, n);
  for (let k = 0; k < T; k++) H.data.set(trajectory.hidden[k], k * n);
  const X = zeros(T, m);
  for (let k = 0; k < T; k++) X.data.set(inputs[k].subarray(0, m), k * m);
  const gB = new Float64Array(n);
  for (let k = 0; k < T; k++) for (let i = 0; i < n; i++) gB[i] += G.data[k * n + i];
  return { W_hh: gemm(Gt, H), W_xh: gemm(Gt, X), b_h: gB, log10ByLag };
}

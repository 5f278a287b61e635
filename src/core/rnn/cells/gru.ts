// One GRU step in the canonical form of gated-model.ts (gate rows r, z, n), both placements of the reset gate,
// and its linearisation. With α_k each gate's derivative at its (clipped) pre-activation and q = W_hh h + b_hh:
//   resetAfter:  ∂h'/∂h = D(z) + D((h − n) α_z) W_hz + D((1 − z) α_n) [D(r) W_hn + D(q_n α_r) W_hr]
//   !resetAfter: ∂h'/∂h = D(z) + D((h − n) α_z) W_hz + D((1 − z) α_n) W_hn [D(r) + D(h α_r) W_hr]
// (the second needs one n×n product per step: W_hn D(h α_r) W_hr).
import { gemm } from '../../linalg/gemm';
import type { Matrix } from '../../linalg/matrix';
import type { GruModel } from '../gated-model';
import { addBlockTimes, clipped, insideClip, sigmoid, type RecurrentProducts } from './gate-math';

export interface GruStepValues {
  readonly r: Float64Array;
  readonly z: Float64Array;
  readonly n: Float64Array;
  readonly alphaR: Float64Array;
  readonly alphaZ: Float64Array;
  readonly alphaN: Float64Array;
  /** W_hh h + b_hh (3n): q_n is what the reset gate scales when resetAfter. */
  readonly q: Float64Array;
  /** r ⊙ h (n), what W_hn multiplies when !resetAfter. */
  readonly rh: Float64Array;
  readonly hNext: Float64Array;
}

/** `recurrent`: W_hh's products for a pass over the steps (SIMD), else plain loops. */
export function gruStep(
  model: GruModel,
  x: Float64Array,
  h: Float64Array,
  recurrent?: RecurrentProducts,
): GruStepValues {
  const N = model.hiddenSize;
  const m = model.inputSize;
  const clip = model.clip;
  const a = Float64Array.from(model.b_ih);
  addBlockTimes(model.W_ih.data, m, 0, 3 * N, x, a);
  const q = new Float64Array(3 * N);
  if (recurrent) recurrent.times(h, q);
  else addBlockTimes(model.W_hh.data, N, 0, model.resetAfter ? 3 * N : 2 * N, h, q);
  // !resetAfter: only the r and z rows of W_hh meet h itself; W_hn meets r ⊙ h below.
  if (!model.resetAfter) q.fill(0, 2 * N);
  for (let k = 0; k < 3 * N; k++) q[k] += model.b_hh[k];
  const make = (): Float64Array => new Float64Array(N);
  const [r, z, n, alphaR, alphaZ, alphaN, rh, hNext] = Array.from({ length: 8 }, make);
  for (let k = 0; k < N; k++) {
    const ar = a[k] + q[k];
    r[k] = sigmoid(clipped(ar, clip));
    alphaR[k] = r[k] * (1 - r[k]) * insideClip(ar, clip);
    const az = a[N + k] + q[N + k];
    z[k] = sigmoid(clipped(az, clip));
    alphaZ[k] = z[k] * (1 - z[k]) * insideClip(az, clip);
    rh[k] = r[k] * h[k];
  }
  if (!model.resetAfter) {
    const hn = q.subarray(2 * N);
    addBlockTimes(model.W_hh.data, N, 2 * N, N, rh, hn);
  }
  for (let k = 0; k < N; k++) {
    const an = a[2 * N + k] + (model.resetAfter ? r[k] * q[2 * N + k] : q[2 * N + k]);
    n[k] = Math.tanh(clipped(an, clip));
    alphaN[k] = (1 - n[k] * n[k]) * insideClip(an, clip);
    hNext[k] = (1 - z[k]) * n[k] + z[k] * h[k];
  }
  return { r, z, n, alphaR, alphaZ, alphaN, q, rh, hNext };
}

/** ∂h'/∂h (wrt 'state', N × N) or ∂h'/∂x (wrt 'input', N × m), dense row-major, at one step from h. */
export function gruLinearisation(
  model: GruModel,
  step: GruStepValues,
  h: Float64Array,
  wrt: 'state' | 'input',
): Float64Array {
  const N = model.hiddenSize;
  const W = wrt === 'state' ? model.W_hh : model.W_ih;
  const cols = W.cols;
  const w = W.data;
  const { r, z, n, alphaR, alphaZ, alphaN, q } = step;
  const out = new Float64Array(N * cols);
  if (model.resetAfter) {
    // Input side: pre_n = W_in x + b_in + r ⊙ q_n, and only r depends on x through W_ir.
    for (let k = 0; k < N; k++) {
      const ez = (h[k] - n[k]) * alphaZ[k];
      const en = (1 - z[k]) * alphaN[k];
      const enn = en * (wrt === 'state' ? r[k] : 1);
      const er = en * q[2 * N + k] * alphaR[k];
      const rowR = k * cols;
      const rowZ = (N + k) * cols;
      const rowN = (2 * N + k) * cols;
      for (let j = 0; j < cols; j++) out[k * cols + j] = ez * w[rowZ + j] + enn * w[rowN + j] + er * w[rowR + j];
      if (wrt === 'state') out[k * cols + k] += z[k];
    }
    return out;
  }
  // !resetAfter: ∂pre_n = W_in (input) + W_hn [D(r) (state) + D(h α_r) W_r·]; form M = D(r)[state] + D(h α_r) W_r·.
  const M = new Float64Array(N * cols);
  for (let k = 0; k < N; k++) {
    const e = h[k] * alphaR[k];
    const rowR = k * cols;
    for (let j = 0; j < cols; j++) M[k * cols + j] = e * w[rowR + j];
    if (wrt === 'state') M[k * cols + k] += r[k];
  }
  // W_hn M: one product (n³ operations a step, by the blocked kernel rather than loops).
  const Whn: Matrix = { rows: N, cols: N, data: model.W_hh.data.subarray(2 * N * N, 3 * N * N) };
  const WM = gemm(Whn, { rows: N, cols, data: M }).data;
  for (let k = 0; k < N; k++) {
    const ez = (h[k] - n[k]) * alphaZ[k];
    const en = (1 - z[k]) * alphaN[k];
    const rowZ = (N + k) * cols;
    const rowN = (2 * N + k) * cols;
    for (let j = 0; j < cols; j++)
      out[k * cols + j] = ez * w[rowZ + j] + en * (WM[k * cols + j] + (wrt === 'input' ? w[rowN + j] : 0));
    if (wrt === 'state') out[k * cols + k] += z[k];
  }
  return out;
}

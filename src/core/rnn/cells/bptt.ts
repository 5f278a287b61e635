// Backpropagation through time for E = ½‖h_T‖² through a gated cell. W_hh (all gate rows) is one weight tied across
// the T steps, so ∂E/∂W_hh = Σ_k G_k, G_k = ∂E/∂pre_k · v_kᵀ with pre_k the gates' pre-activations at step k and
// v_k what W_hh multiplies there (h_{k−1}; r ⊙ h_{k−1} for a GRU's candidate rows with the reset before W_hn).
// δ_k = ∂E/∂s_k is carried normalised with a log10 scale (as bptt.ts does), so contributions from far back stay
// numbers; per gate, ‖G_k's rows‖_F = ‖∂E/∂pre_gate‖·‖v‖.
import { gemm } from '../../linalg/gemm';
import { transpose, zeros, type Matrix } from '../../linalg/matrix';
import {
  GRU_GATES,
  LSTM_GATES,
  type CellTrajectory,
  type GateName,
  type GruModel,
  type LstmModel,
} from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import { recurrentProducts, type RecurrentProducts } from './gate-math';
import { gruStep } from './gru';
import { lstmStep } from './lstm';

export interface GatedGradient {
  /** ∂E/∂W_hh, the sum of the per-step contributions (gate rows as W_hh's). */
  W_hh: Matrix;
  /** log10 ‖G_{T−l}‖_F for l = 0..T−1; null where the contribution is exactly zero. */
  log10ByLag: (number | null)[];
  /** The same per gate block of rows. */
  gates: Partial<Record<GateName, (number | null)[]>>;
}

/** y = Wᵀ x over rows r0..r0+rows of W (rows × cols), added into y. */
function addTransposedTimes(W: Matrix, r0: number, rows: number, x: Float64Array, y: Float64Array): void {
  const { cols, data } = W;
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = (r0 + i) * cols;
    for (let j = 0; j < cols; j++) y[j] += data[row + j] * xi;
  }
}

function sumSquares(v: Float64Array, from = 0, to = v.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i] * v[i];
  return s;
}

export function gatedBpttGradient(
  model: LstmModel | GruModel,
  inputs: readonly Float64Array[],
  trajectory: CellTrajectory,
  hooks?: ComputeHooks,
): GatedGradient {
  const T = inputs.length;
  const n = model.hiddenSize;
  const gates = model.cell === 'lstm' ? LSTM_GATES : GRU_GATES;
  const P = model.W_hh.cols;
  // Row T − k of D is ∂E/∂pre_k at its true scale, of V[gate] what that gate's rows of W_hh multiply at step k:
  // then ∂E/∂W_hh's gate block is D_gateᵀ V_gate, one matrix product instead of T rank-one updates.
  const D = zeros(T, model.W_hh.rows);
  // Every gate's rows multiply h_{k−1}, except a GRU's candidate rows with the reset before W_hn (r ⊙ h_{k−1}).
  const vectorOf = model.cell === 'gru' && !model.resetAfter ? [0, 0, 1] : gates.map(() => 0);
  const V = Array.from({ length: Math.max(...vectorOf) + 1 }, () => zeros(T, P));
  const log10ByLag: (number | null)[] = [];
  const byGate: (number | null)[][] = gates.map(() => []);
  const S = trajectory.states[0].length;
  // δ_T = ∂E/∂s_T = (h_T, 0).
  let delta = new Float64Array(S);
  delta.set(trajectory.states[T].subarray(0, P));
  let logScale = 0;
  const dPre = new Float64Array(gates.length * n);
  const recurrent = recurrentProducts(model.W_hh);
  for (let k = T; k >= 1; k--) {
    throwIfCancelled(hooks);
    const s = trajectory.states[k - 1];
    const next = new Float64Array(S);
    // v per gate block: what W_hh's rows of that gate multiply at step k.
    let vectors: Float64Array[];
    if (model.cell === 'lstm') {
      vectors = lstmBackStep(model, inputs[k - 1], s, delta, dPre, next, recurrent);
    } else {
      vectors = gruBackStep(model, inputs[k - 1], s, delta, dPre, next, recurrent);
    }
    let total = 0;
    gates.forEach((_, gi) => {
      const sq = sumSquares(dPre, gi * n, (gi + 1) * n) * sumSquares(vectors[gi]);
      total += sq;
      byGate[gi].push(sq > 0 ? logScale + 0.5 * Math.log10(sq) : null);
    });
    log10ByLag.push(total > 0 ? logScale + 0.5 * Math.log10(total) : null);
    const factor = 10 ** logScale; // may underflow to 0: such a contribution is below float64 anyway
    const row = T - k;
    if (factor > 0) for (let i = 0; i < dPre.length; i++) D.data[row * dPre.length + i] = dPre[i] * factor;
    gates.forEach((_, gi) => V[vectorOf[gi]].data.set(vectors[gi].subarray(0, P), row * P));
    const norm = Math.sqrt(sumSquares(next));
    if (norm === 0) {
      for (let rest = k - 1; rest >= 1; rest--) {
        log10ByLag.push(null);
        byGate.forEach((b) => b.push(null));
      }
      break;
    }
    for (let i = 0; i < S; i++) next[i] /= norm;
    logScale += Math.log10(norm);
    delta = next;
    hooks?.onProgress?.((T - k + 1) / T, `gradient, step ${k}`);
  }
  const out: Partial<Record<GateName, (number | null)[]>> = {};
  gates.forEach((g, gi) => (out[g] = byGate[gi]));
  const G = zeros(model.W_hh.rows, P);
  const Dt = transpose(D);
  gates.forEach((_, gi) => {
    const block: Matrix = { rows: n, cols: T, data: Dt.data.subarray(gi * n * T, (gi + 1) * n * T) };
    G.data.set(gemm(block, V[vectorOf[gi]]).data, gi * n * P);
  });
  return { W_hh: G, log10ByLag, gates: out };
}

/** ∂E/∂pre at step k into dPre (rows i, f, g, o) and ∂E/∂s_{k−1} into prev, from ∂E/∂s_k = delta. */
function lstmBackStep(
  model: LstmModel,
  x: Float64Array,
  s: Float64Array,
  delta: Float64Array,
  dPre: Float64Array,
  prev: Float64Array,
  recurrent: RecurrentProducts,
): Float64Array[] {
  const n = model.hiddenSize;
  const P = model.outputSize;
  const h = s.subarray(0, P);
  const c = s.subarray(P);
  const step = lstmStep(model, x, h, c, recurrent);
  const dh = delta.subarray(0, P);
  const dc = delta.subarray(P);
  let du: Float64Array = dh;
  if (model.W_hr) {
    du = new Float64Array(n);
    addTransposedTimes(model.W_hr, 0, P, dh, du);
  }
  const peep = model.peepholes;
  const coupled = model.coupledInputForget === true;
  const { i, f, g, o, alphaI, alphaF, alphaG, alphaO, tanhC } = step;
  const prevC = prev.subarray(P);
  for (let k = 0; k < n; k++) {
    const dO = du[k] * tanhC[k] * alphaO[k];
    const dC = dc[k] + du[k] * o[k] * (1 - tanhC[k] * tanhC[k]) + (peep ? dO * peep.o[k] : 0);
    const dF = coupled ? 0 : dC * c[k] * alphaF[k];
    const dI = dC * (coupled ? g[k] - c[k] : g[k]) * alphaI[k];
    const dG = dC * i[k] * alphaG[k];
    dPre[k] = dI;
    dPre[n + k] = dF;
    dPre[2 * n + k] = dG;
    dPre[3 * n + k] = dO;
    prevC[k] = dC * f[k] + (peep ? dI * peep.i[k] + dF * peep.f[k] : 0);
  }
  const fromGates = new Float64Array(P);
  recurrent.transposedTimes(dPre, fromGates);
  prev.set(fromGates, 0);
  return [h, h, h, h];
}

function gruBackStep(
  model: GruModel,
  x: Float64Array,
  h: Float64Array,
  dh: Float64Array,
  dPre: Float64Array,
  prev: Float64Array,
  recurrent: RecurrentProducts,
): Float64Array[] {
  const N = model.hiddenSize;
  const { r, z, n, alphaR, alphaZ, alphaN, q, rh } = gruStep(model, x, h, recurrent);
  for (let k = 0; k < N; k++) {
    dPre[N + k] = dh[k] * (h[k] - n[k]) * alphaZ[k];
    // The candidate's pre-activation gradient, for now; its W_hh rows' gradient below.
    dPre[2 * N + k] = dh[k] * (1 - z[k]) * alphaN[k];
    prev[k] = dh[k] * z[k];
  }
  if (model.resetAfter) {
    for (let k = 0; k < N; k++) {
      const dn = dPre[2 * N + k];
      dPre[k] = dn * q[2 * N + k] * alphaR[k];
      dPre[2 * N + k] = dn * r[k];
    }
    const fromGates = new Float64Array(N);
    recurrent.transposedTimes(dPre, fromGates);
    for (let k = 0; k < N; k++) prev[k] += fromGates[k];
    return [h, h, h];
  }
  const dRh = new Float64Array(N);
  addTransposedTimes(model.W_hh, 2 * N, N, dPre.subarray(2 * N), dRh);
  for (let k = 0; k < N; k++) {
    dPre[k] = dRh[k] * h[k] * alphaR[k];
    prev[k] += dRh[k] * r[k];
  }
  addTransposedTimes(model.W_hh, 0, 2 * N, dPre, prev);
  return [h, h, rh];
}

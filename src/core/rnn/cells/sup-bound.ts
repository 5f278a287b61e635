// A bound on ‖∂s_t/∂s_{t−1}‖₂ that holds at every step of every trajectory of T steps, from the norms of W_hh's
// gate blocks and σ′ ≤ 1/4, tanh′ ≤ 1, gates in (0, 1), |tanh| < 1 (clip only lowers a derivative to 0). Then
// ‖J(l)‖₂ ≤ bound^l. The step Jacobian's blocks are bounded one by one and ‖A‖₂ ≤ ‖(‖A_ij‖)‖₂ for the 2×2
// matrix of block norms. An LSTM's ∂c'/∂h grows with |c| (D(c σ′_f) W_hf), which no gate bounds: |c_t| ≤
// ‖c_0‖_∞ + t is used, so the bound is valid but grows with T.
import { fmt } from '../../format-number';
import { spectralNorm } from '../../linalg/svd';
import type { Matrix } from '../../linalg/matrix';
import type { GruModel, LstmModel } from '../gated-model';

export interface SupBound {
  /** log10 of the bound on one step's ‖∂s_t/∂s_{t−1}‖₂ (null when it is 0). */
  log10PerStep: number | null;
  /** What it assumes, in words. */
  assumes: string;
}

const norm2 = (m: Matrix): number => spectralNorm(m).value;
const maxAbs = (v: ArrayLike<number> | undefined): number => {
  let m = 0;
  if (v) for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};

/** ‖W_hh's rows of each gate‖₂ (n × size of h: without the projection, which the bound takes apart). */
function gateRowNorms(model: LstmModel | GruModel): number[] {
  const n = model.hiddenSize;
  const cols = model.W_hh.cols;
  const gates = model.W_hh.rows / n;
  return Array.from({ length: gates }, (_, k) =>
    norm2({ rows: n, cols, data: model.W_hh.data.subarray(k * n * cols, (k + 1) * n * cols) }),
  );
}

/** ‖[[a, b], [c, d]]‖₂ for a, b, c, d ≥ 0. */
function twoByTwoNorm(a: number, b: number, c: number, d: number): number {
  const s = a * a + b * b + c * c + d * d;
  const det = a * d - b * c;
  return Math.sqrt((s + Math.sqrt(Math.max(0, s * s - 4 * det * det))) / 2);
}

/** `gateNorms`: ‖W_hh's rows of each gate‖₂ in gate order, when the caller has them (else computed here). */
export function supBound(
  model: LstmModel | GruModel,
  s0: Float64Array,
  steps: number,
  gateNorms?: readonly number[],
): SupBound {
  const blocks = gateNorms ?? gateRowNorms(model);
  if (model.cell === 'gru') {
    const [wr, wz, wn] = blocks;
    const H = Math.max(1, maxAbs(s0));
    const n = model.hiddenSize;
    // |q_n| ≤ Σ_j |W_hn,kj| H + |b_hn,k| (resetAfter: what the reset gate scales).
    let q = 0;
    for (let k = 0; k < n; k++) {
      let row = Math.abs(model.b_hh[2 * n + k]);
      for (let j = 0; j < n; j++) row += Math.abs(model.W_hh.data[(2 * n + k) * n + j]) * H;
      q = Math.max(q, row);
    }
    const candidate = model.resetAfter ? wn + 0.25 * q * wr : wn * (1 + 0.25 * H * wr);
    const bound = 1 + 0.25 * (H + 1) * wz + candidate;
    return {
      log10PerStep: Math.log10(bound),
      assumes:
        `any trajectory with |h| ≤ ${H === 1 ? '1' : 'max(1, ‖h_0‖_∞)'} (a GRU keeps it), every gate in (0, 1): ` +
        '‖∂h′/∂h‖₂ ≤ 1 + ¼(|h|+1)‖W_hz‖₂ + ' +
        (model.resetAfter ? '‖W_hn‖₂ + ¼ max|W_hn h + b_hn| ‖W_hr‖₂' : '‖W_hn‖₂ (1 + ¼|h| ‖W_hr‖₂)') +
        ' (always ≥ 1: it can show that gradients cannot explode faster, never that they vanish)',
    };
  }
  const [wi, wf, wg, wo] = blocks;
  const P = model.outputSize;
  const C = maxAbs(s0.subarray(P)) + steps;
  const coupled = model.coupledInputForget === true;
  const peep = model.peepholes;
  const pi = maxAbs(peep?.i);
  const pf = maxAbs(peep?.f);
  const po = maxAbs(peep?.o);
  const ei = coupled ? (1 + C) / 4 : 0.25;
  const ef = coupled ? 0 : C / 4;
  const cFromH = ei * wi + ef * wf + wg;
  const cFromC = 1 + ei * pi + ef * pf;
  const beta = 1 + 0.25 * po;
  const proj = model.W_hr ? norm2(model.W_hr) : 1;
  const hFromH = proj * (0.25 * wo + beta * cFromH);
  const hFromC = proj * beta * cFromC;
  const bound = twoByTwoNorm(hFromH, hFromC, cFromH, cFromC);
  return {
    log10PerStep: bound > 0 ? Math.log10(bound) : null,
    assumes:
      `any trajectory of these ${steps} steps: σ′ ≤ ¼, tanh′ ≤ 1, gates in (0, 1), and |c_t| ≤ ‖c_0‖_∞ + t ≤ ` +
      `${fmt(C)} (no gate bounds c, so ∂c′/∂h = D(c σ′_f) W_hf + … is bounded through it): ` +
      '‖∂s_t/∂s_{t−1}‖₂ ≤ ‖(‖block‖₂)‖₂ over the four blocks (h, c)×(h, c); always ≥ 1 (a forget gate may be ' +
      'near 1), so it can bound growth, never show vanishing',
  };
}

// One LSTM step in the canonical form of gated-model.ts (PyTorch's gate rows i, f, g, o), with what ONNX adds
// (peepholes, coupled input-forget, clip) and PyTorch's projection h' = W_hr (o ⊙ tanh c'), and its linearisation.
// With α_k the derivative of gate k's activation at its (clipped) pre-activation, e_i = g (− c when coupled) and
// β = o (1 − tanh² c') + tanh c' · α_o · p_o, a step from (h, c) has
//   ∂c'/∂h = D(e_i α_i) W_hi + D(c α_f) W_hf + D(i α_g) W_hg       ∂c'/∂c = D(f + e_i α_i p_i + c α_f p_f)
//   ∂u/∂h = D(tanh c' · α_o) W_ho + D(β) ∂c'/∂h                       ∂u/∂c = D(β) ∂c'/∂c
// for u = o ⊙ tanh c', and h' = u (or W_hr u). ∂c'/∂c and ∂u/∂c are diagonal: a product J · step costs the
// dense h columns only.
import type { LstmModel } from '../gated-model';
import { addBlockTimes, clipped, insideClip, sigmoid, type RecurrentProducts } from './gate-math';

export interface LstmStepValues {
  /** Gate values (n each). */
  readonly i: Float64Array;
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly o: Float64Array;
  /** α_k: each gate's derivative with respect to its pre-activation (0 where clipped). */
  readonly alphaI: Float64Array;
  readonly alphaF: Float64Array;
  readonly alphaG: Float64Array;
  readonly alphaO: Float64Array;
  readonly cNext: Float64Array;
  readonly tanhC: Float64Array;
  /** u = o ⊙ tanh c' (n). */
  readonly u: Float64Array;
  /** h' (outputSize): u, or W_hr u. */
  readonly hNext: Float64Array;
}

/** `recurrent`: W_hh's products for a pass over the steps (SIMD), else plain loops. */
export function lstmStep(
  model: LstmModel,
  x: Float64Array,
  h: Float64Array,
  c: Float64Array,
  recurrent?: RecurrentProducts,
): LstmStepValues {
  const n = model.hiddenSize;
  const P = model.outputSize;
  const m = model.inputSize;
  const pre = new Float64Array(4 * n);
  if (recurrent) recurrent.times(h, pre);
  else addBlockTimes(model.W_hh.data, P, 0, 4 * n, h, pre);
  for (let k = 0; k < 4 * n; k++) pre[k] += model.b[k];
  addBlockTimes(model.W_ih.data, m, 0, 4 * n, x, pre);
  const peep = model.peepholes;
  const clip = model.clip;
  const make = (): Float64Array => new Float64Array(n);
  const [i, f, g, o, alphaI, alphaF, alphaG, alphaO, cNext, tanhC, u] = Array.from({ length: 11 }, make);
  for (let k = 0; k < n; k++) {
    const ai = pre[k] + (peep ? peep.i[k] * c[k] : 0);
    const ci = clipped(ai, clip);
    i[k] = sigmoid(ci);
    alphaI[k] = i[k] * (1 - i[k]) * insideClip(ai, clip);
    if (model.coupledInputForget) {
      f[k] = 1 - i[k];
    } else {
      const af = pre[n + k] + (peep ? peep.f[k] * c[k] : 0);
      f[k] = sigmoid(clipped(af, clip));
      alphaF[k] = f[k] * (1 - f[k]) * insideClip(af, clip);
    }
    const ag = pre[2 * n + k];
    g[k] = Math.tanh(clipped(ag, clip));
    alphaG[k] = (1 - g[k] * g[k]) * insideClip(ag, clip);
    cNext[k] = f[k] * c[k] + i[k] * g[k];
    const ao = pre[3 * n + k] + (peep ? peep.o[k] * cNext[k] : 0);
    o[k] = sigmoid(clipped(ao, clip));
    alphaO[k] = o[k] * (1 - o[k]) * insideClip(ao, clip);
    tanhC[k] = Math.tanh(cNext[k]);
    u[k] = o[k] * tanhC[k];
  }
  let hNext = u;
  if (model.W_hr) {
    hNext = new Float64Array(P);
    addBlockTimes(model.W_hr.data, n, 0, P, u, hNext);
  }
  return { i, f, g, o, alphaI, alphaF, alphaG, alphaO, cNext, tanhC, u, hNext };
}

/** A step's linearisation before the projection (row-major; `cols` = outputSize for ∂/∂h, inputSize for ∂/∂x). */
export interface LstmLinearisation {
  /** ∂c'/∂h (n × cols). */
  readonly cFromH: Float64Array;
  /** ∂u/∂h (n × cols), u = o ⊙ tanh c'. */
  readonly uFromH: Float64Array;
  /** Diagonals of ∂c'/∂c and ∂u/∂c (n); zero for a linearisation with respect to the input. */
  readonly cFromC: Float64Array;
  readonly uFromC: Float64Array;
}

/**
 * ∂(c', u)/∂h (weights W_hh, cols = outputSize) or ∂(c', u)/∂x (weights W_ih, cols = inputSize) at one step,
 * from the step's values and c = c_{t−1}.
 */
export function lstmLinearisation(
  model: LstmModel,
  step: LstmStepValues,
  c: Float64Array,
  wrt: 'state' | 'input',
  /** Where to write it (every entry is written), else new arrays. */
  into?: LstmLinearisation,
): LstmLinearisation {
  const n = model.hiddenSize;
  const W = wrt === 'state' ? model.W_hh : model.W_ih;
  const cols = W.cols;
  const { i, f, g, alphaI, alphaF, alphaG, alphaO, tanhC, o } = step;
  const peep = model.peepholes;
  const coupled = model.coupledInputForget === true;
  const cFromH = into?.cFromH ?? new Float64Array(n * cols);
  const uFromH = into?.uFromH ?? new Float64Array(n * cols);
  const cFromC = into?.cFromC ?? new Float64Array(n);
  const uFromC = into?.uFromC ?? new Float64Array(n);
  if (into && wrt === 'input') {
    cFromC.fill(0);
    uFromC.fill(0);
  }
  const w = W.data;
  for (let k = 0; k < n; k++) {
    const ei = (coupled ? g[k] - c[k] : g[k]) * alphaI[k];
    const ef = coupled ? 0 : c[k] * alphaF[k];
    const eg = i[k] * alphaG[k];
    const eo = tanhC[k] * alphaO[k];
    const beta = o[k] * (1 - tanhC[k] * tanhC[k]) + (peep ? eo * peep.o[k] : 0);
    const rowI = k * cols;
    const rowF = (n + k) * cols;
    const rowG = (2 * n + k) * cols;
    const rowO = (3 * n + k) * cols;
    const out = k * cols;
    for (let j = 0; j < cols; j++) {
      const dc = ei * w[rowI + j] + ef * w[rowF + j] + eg * w[rowG + j];
      cFromH[out + j] = dc;
      uFromH[out + j] = eo * w[rowO + j] + beta * dc;
    }
    if (wrt === 'state') {
      cFromC[k] = f[k] + (peep ? ei * peep.i[k] + ef * peep.f[k] : 0);
      uFromC[k] = beta * cFromC[k];
    }
  }
  return { cFromH, uFromH, cFromC, uFromC };
}

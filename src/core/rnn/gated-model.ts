// The gated cells in one canonical form, whatever layout the file used (PyTorch, Keras, ONNX, our JSON): the
// naming module maps each layout here once, and the analysis never sees a layout.
//
// LSTM (PyTorch's equations; gate rows i, f, g, o):
//   i = σ(W_ii x + W_hi h + b_i [+ p_i ⊙ c])   f = σ(W_if x + W_hf h + b_f [+ p_f ⊙ c])   (f = 1 − i when coupled)
//   g = tanh(W_ig x + W_hg h + b_g)            o = σ(W_io x + W_ho h + b_o [+ p_o ⊙ c'])
//   c' = f ⊙ c + i ⊙ g                          h' = o ⊙ tanh(c')   (then h' = W_hr h' with a projection)
// GRU (gate rows r, z, n):
//   r = σ(W_ir x + b_ir + W_hr h + b_hr)       z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))     (resetAfter: PyTorch, Keras reset_after=True, ONNX lbr=1)
//   n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)     (!resetAfter: Keras reset_after=False, ONNX lbr=0)
//   h' = (1 − z) ⊙ n + z ⊙ h
// ONNX `clip` bounds every gate pre-activation to [−clip, clip] before its activation (derivative 0 outside).
import type { Matrix } from '../linalg/matrix';
import type { ModelSource, RnnModel } from './model';

export type CellKind = 'rnn' | 'lstm' | 'gru';

/** Gate names in canonical order: what the JSON output, the panel and the verdict use, whatever the layout. */
export const LSTM_GATES = ['i', 'f', 'g', 'o'] as const;
export const GRU_GATES = ['r', 'z', 'n'] as const;
export type LstmGate = (typeof LSTM_GATES)[number];
export type GruGate = (typeof GRU_GATES)[number];
export type GateName = LstmGate | GruGate;

export interface LstmModel {
  readonly cell: 'lstm';
  /** n: the size of c (and of each gate). */
  readonly hiddenSize: number;
  /** The size of h: P with a projection (PyTorch proj_size), else n. */
  readonly outputSize: number;
  readonly inputSize: number;
  /** 4n × m, gate rows i, f, g, o. */
  readonly W_ih: Matrix;
  /** 4n × outputSize, gate rows i, f, g, o. */
  readonly W_hh: Matrix;
  /** 4n: every bias of a gate row summed (PyTorch b_ih + b_hh, ONNX Wb + Rb, Keras bias). */
  readonly b: Float64Array;
  /** outputSize × n: PyTorch weight_hr_l{k} (proj_size > 0). */
  readonly W_hr?: Matrix;
  /** ONNX peepholes P (n each). */
  readonly peepholes?: { readonly i: Float64Array; readonly f: Float64Array; readonly o: Float64Array };
  /** ONNX input_forget = 1: f = 1 − i. */
  readonly coupledInputForget?: boolean;
  /** ONNX clip. */
  readonly clip?: number;
  readonly source: ModelSource;
}

export interface GruModel {
  readonly cell: 'gru';
  readonly hiddenSize: number;
  readonly inputSize: number;
  /** 3n × m, gate rows r, z, n. */
  readonly W_ih: Matrix;
  /** 3n × n, gate rows r, z, n. */
  readonly W_hh: Matrix;
  /** 3n each: kept apart because b_hn sits inside r ⊙ (…) when resetAfter. */
  readonly b_ih: Float64Array;
  readonly b_hh: Float64Array;
  readonly resetAfter: boolean;
  readonly clip?: number;
  readonly source: ModelSource;
}

/** Any cell the analysis takes. */
export type RecurrentModel = RnnModel | LstmModel | GruModel;

/** The size of the state the full Jacobian is of: n (RNN, GRU), outputSize + n (LSTM: h then c). */
export function stateSize(model: RecurrentModel): number {
  return model.cell === 'lstm' ? model.outputSize + model.hiddenSize : model.hiddenSize;
}

/** The size of h, what the next layer of a stack receives from this one. */
export function outputSizeOf(model: RecurrentModel): number {
  return model.cell === 'lstm' ? model.outputSize : model.hiddenSize;
}

/**
 * Every layer a file holds, as models: layers[k] is layer k (0 = fed by the inputs), with its reverse direction
 * when bidirectional. Layer k > 0 takes the outputs of layer k − 1 (both directions concatenated, forward first).
 */
export interface RecurrentStack {
  readonly layers: readonly { readonly forward: RecurrentModel; readonly reverse?: RecurrentModel }[];
}

/**
 * A forward run of any cell: what the Jacobians, the gates' statistics and a stack's next layer need.
 * Implemented by `runCell(model, inputs, s0)` in src/core/rnn/cells/ (s0: h_0 then c_0 for an LSTM).
 */
export interface CellTrajectory {
  /** s_0 … s_T, each of stateSize(model) (LSTM: h then c). */
  readonly states: readonly Float64Array[];
  /** h_1 … h_T (index t − 1), each of outputSizeOf(model): what a layer above receives. */
  readonly outputs: readonly Float64Array[];
}

/**
 * One step's linearisation, from `stepJacobians(model, inputs, trajectory, t)` in src/core/rnn/cells/ (t = 1..T):
 * ∂s_t/∂s_{t−1} (stateSize × stateSize) and ∂s_t/∂x_t (stateSize × inputSize), dense, float64.
 */
export interface CellStepJacobians {
  readonly wrtState: Matrix;
  readonly wrtInput: Matrix;
}

// One cell run forward a step at a time, keeping only the current state and what this step's linearisation
// needs: the Lyapunov run streams its trajectory and never holds T states. Each stepper also multiplies the
// step's Jacobians into a block of tangent directions, with the cell's structure where it is cheap:
//   RNN: A_t Q = D(σ'(a_t)) (W_hh Q), one gemm;
//   LSTM without a projection: [∂u/∂h; ∂c'/∂h] Q_h in one gemm, the diagonal c columns elementwise;
//   GRU, LSTM with a projection: the dense ∂s_t/∂s_{t−1} (cells/gru.ts, cells/lstm-dense.ts) times Q.
import { InputError } from '../../errors';
import { gemm } from '../../linalg/gemm';
import { matVec, type Matrix } from '../../linalg/matrix';
import { ACTIVATIONS } from '../activations';
import { gruLinearisation, gruStep, type GruStepValues } from '../cells/gru';
import { lstmDenseStep } from '../cells/lstm-dense';
import { lstmLinearisation, lstmStep, type LstmStepValues } from '../cells/lstm';
import { stateSize, type GruModel, type LstmModel, type RecurrentModel } from '../gated-model';
import type { RnnModel } from '../model';

export interface CellStepper {
  readonly model: RecurrentModel;
  readonly stateSize: number;
  /** s_t (LSTM: h then c); the stepper owns it. */
  readonly state: Float64Array;
  /** h_t, what a layer above receives (a view of state). */
  readonly output: Float64Array;
  /** s_{t−1} → s_t on x_t; `step` (1-based, warm-up included) names the step in a message. */
  advance(x: Float64Array, step: number): void;
  /** ∂s_t/∂s_{t−1} · Q for the step just taken (Q: stateSize × k). */
  tangent(Q: Matrix): Matrix;
  /** ∂s_t/∂x_t · Z (Z: inputSize × k): how a layer below's tangent enters this one in a stack. */
  inputTangent(Z: Matrix): Matrix;
}

export function cellStepper(model: RecurrentModel, s0?: Float64Array): CellStepper {
  const S = stateSize(model);
  const state = new Float64Array(S);
  if (s0) {
    if (s0.length !== S) throw new RangeError(`s0 has ${s0.length} entries, the ${model.cell} state has ${S}`);
    state.set(s0);
  }
  if (model.cell === 'rnn') return rnnStepper(model, state);
  if (model.cell === 'lstm') return lstmStepper(model, state);
  return gruStepper(model, state);
}

function rnnStepper(model: RnnModel, state: Float64Array): CellStepper {
  const n = model.hiddenSize;
  const act = ACTIVATIONS[model.activation];
  const derivative = new Float64Array(n);
  const a = new Float64Array(n);
  const fromInput = new Float64Array(n);
  const scaleRows = (Y: Matrix): Matrix => {
    const k = Y.cols;
    for (let i = 0; i < n; i++) {
      const d = derivative[i];
      for (let j = 0; j < k; j++) Y.data[i * k + j] *= d;
    }
    return Y;
  };
  return {
    model,
    stateSize: n,
    state,
    output: state,
    advance(x, step) {
      matVec(model.W_hh, state, a);
      if (model.inputSize > 0) matVec(model.W_xh, x, fromInput);
      for (let i = 0; i < n; i++) {
        const ai = a[i] + (model.inputSize > 0 ? fromInput[i] : 0) + model.b_h[i];
        const h = act.value(ai);
        derivative[i] = act.derivative(ai, h);
        state[i] = h;
      }
      assertFinite(model, state, step, 'h');
    },
    tangent: (Q) => scaleRows(gemm(model.W_hh, Q)),
    inputTangent: (Z) => scaleRows(gemm(model.W_xh, Z)),
  };
}

function lstmStepper(model: LstmModel, state: Float64Array): CellStepper {
  const n = model.hiddenSize;
  const P = model.outputSize;
  const S = P + n;
  const previous = new Float64Array(S);
  let values: LstmStepValues | undefined;
  let input: Float64Array = new Float64Array(model.inputSize);
  const hColumns = new Float64Array(2 * n * P);
  return {
    model,
    stateSize: S,
    state,
    output: state.subarray(0, P),
    advance(x, step) {
      previous.set(state);
      input = x;
      values = lstmStep(model, x, previous.subarray(0, P), previous.subarray(P));
      state.set(values.hNext, 0);
      state.set(values.cNext, P);
      assertFinite(model, state, step, 'h, c');
    },
    tangent(Q) {
      if (model.W_hr) return gemm(lstmDenseStep(model, input, previous).wrtState, Q);
      const lin = lstmLinearisation(model, values!, previous.subarray(P), 'state');
      hColumns.set(lin.uFromH, 0);
      hColumns.set(lin.cFromH, n * P);
      const k = Q.cols;
      const Qh: Matrix = { rows: P, cols: k, data: Q.data.subarray(0, P * k) };
      const out = gemm({ rows: 2 * n, cols: P, data: hColumns }, Qh);
      const Qc = Q.data.subarray(P * k);
      for (let i = 0; i < n; i++) {
        const du = lin.uFromC[i];
        const dc = lin.cFromC[i];
        for (let j = 0; j < k; j++) {
          const q = Qc[i * k + j];
          out.data[i * k + j] += du * q;
          out.data[(n + i) * k + j] += dc * q;
        }
      }
      return out;
    },
    inputTangent: (Z) => gemm(lstmDenseStep(model, input, previous).wrtInput, Z),
  };
}

function gruStepper(model: GruModel, state: Float64Array): CellStepper {
  const N = model.hiddenSize;
  const previous = new Float64Array(N);
  let values: GruStepValues | undefined;
  return {
    model,
    stateSize: N,
    state,
    output: state,
    advance(x, step) {
      previous.set(state);
      values = gruStep(model, x, previous);
      state.set(values.hNext);
      assertFinite(model, state, step, 'h');
    },
    tangent: (Q) => gemm({ rows: N, cols: N, data: gruLinearisation(model, values!, previous, 'state') }, Q),
    inputTangent: (Z) =>
      gemm({ rows: N, cols: model.inputSize, data: gruLinearisation(model, values!, previous, 'input') }, Z),
  };
}

/** A state past float64 cannot be followed: the run stops at the step where it happened. */
function assertFinite(model: RecurrentModel, state: Float64Array, step: number, what: string): void {
  for (let i = 0; i < state.length; i++)
    if (!Number.isFinite(state[i]))
      throw new InputError(
        model.source.file,
        'W_hh',
        `the state (${what}) is not a finite number at step ${step} of the Lyapunov run (warm-up included), entry ` +
          `${i}: with these weights the trajectory leaves float64, so no exponent can be measured past it`,
      );
}

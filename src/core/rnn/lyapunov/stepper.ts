// One cell run forward a step at a time, keeping only the current state and what this step's linearisation
// needs: the Lyapunov run streams its trajectory and never holds T states. Each stepper also describes the step's
// Jacobians as operands of a product with a block of tangent directions (benettin.ts has them computed by rows,
// on one thread or two), with the cell's structure where it is cheap:
//   RNN: A_t Q = D(σ'(a_t)) (W_hh Q), W_hh copied once, the row scale D;
//   LSTM without a projection: [∂u/∂h; ∂c'/∂h] Q_h in one product, the diagonal c columns added row by row;
//   GRU, LSTM with a projection: the dense ∂s_t/∂s_{t−1} (cells/gru.ts, cells/lstm-dense.ts) times Q.
// Every array an operand uses is the stepper's own, made once by `allocate` (shared memory when a helper thread
// reads them) and rewritten in place each step.
import { InputError } from '../../errors';
import { matVec, type Matrix } from '../../linalg/matrix';
import { ACTIVATIONS } from '../activations';
import { recurrentProducts, type RecurrentProducts } from '../cells/gate-math';
import { gruLinearisation, gruStep, type GruStepValues } from '../cells/gru';
import { lstmDenseStep } from '../cells/lstm-dense';
import { lstmLinearisation, lstmStep, type LstmStepValues } from '../cells/lstm';
import { stateSize, type GruModel, type LstmModel, type RecurrentModel } from '../gated-model';
import type { RnnModel } from '../model';

/**
 * out = diag(scale) · (a · B) + diag(e) · Y over a block of directions: B is the block's rows from `from` on
 * (a.cols of them), and with `diagonal`, row r of Y is the block's row yFrom + (r mod period). a.rows is the
 * block's size for a tangent operand.
 */
export interface TangentOperand {
  readonly a: Matrix;
  readonly from: number;
  readonly scale?: Float64Array;
  readonly diagonal?: { readonly e: Float64Array; readonly yFrom: number; readonly period: number };
  /** a is the same matrix every step (an RNN's W_hh, W_xh): packed once for the whole run. */
  readonly fixed?: boolean;
}

export type Allocate = (length: number) => Float64Array;

export interface CellStepper {
  readonly model: RecurrentModel;
  readonly stateSize: number;
  /** s_t (LSTM: h then c); the stepper owns it. */
  readonly state: Float64Array;
  /** h_t, what a layer above receives (a view of state). */
  readonly output: Float64Array;
  /** s_{t−1} → s_t on x_t; `step` (1-based, warm-up included) names the step in a message. */
  advance(x: Float64Array, step: number): void;
  /** ∂s_t/∂s_{t−1} for the step just taken, as an operand on the stepper's own arrays. */
  tangent(): TangentOperand;
  /** ∂s_t/∂x_t: how a layer below's tangent (its h rows, from 0) enters this one in a stack. */
  inputTangent(): TangentOperand;
  /** Every array the operands use (the same ones every step). */
  readonly operandArrays: readonly Float64Array[];
}

/**
 * `wasmForward`: W_hh's products in the forward step by WebAssembly SIMD (gate-math.ts' recurrentProducts), for
 * a run of one layer only: its copy of W_hh is valid until the next one is made on this thread.
 */
export function cellStepper(
  model: RecurrentModel,
  s0?: Float64Array,
  allocate: Allocate = (length) => new Float64Array(length),
  wasmForward = false,
): CellStepper {
  const S = stateSize(model);
  const state = new Float64Array(S);
  if (s0) {
    if (s0.length !== S) throw new RangeError(`s0 has ${s0.length} entries, the ${model.cell} state has ${S}`);
    state.set(s0);
  }
  const recurrent = wasmForward && model.cell !== 'rnn' ? recurrentProducts(model.W_hh) : undefined;
  if (model.cell === 'rnn') return rnnStepper(model, state, allocate);
  if (model.cell === 'lstm') return lstmStepper(model, state, allocate, recurrent);
  return gruStepper(model, state, allocate, recurrent);
}

/** A matrix of `rows` × `cols` in the stepper's memory, optionally a copy of `from`. */
function own(allocate: Allocate, rows: number, cols: number, from?: Float64Array): Matrix {
  const data = allocate(rows * cols);
  if (from) data.set(from);
  return { rows, cols, data };
}

function rnnStepper(model: RnnModel, state: Float64Array, allocate: Allocate): CellStepper {
  const n = model.hiddenSize;
  const act = ACTIVATIONS[model.activation];
  const derivative = allocate(n);
  const a = new Float64Array(n);
  const fromInput = new Float64Array(n);
  const W = own(allocate, n, n, model.W_hh.data);
  const Wx = own(allocate, n, model.inputSize, model.W_xh.data);
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
    operandArrays: [W.data, Wx.data, derivative],
    tangent: () => ({ a: W, from: 0, scale: derivative, fixed: true }),
    inputTangent: () => ({ a: Wx, from: 0, scale: derivative, fixed: true }),
  };
}

function lstmStepper(
  model: LstmModel,
  state: Float64Array,
  allocate: Allocate,
  recurrent?: RecurrentProducts,
): CellStepper {
  const n = model.hiddenSize;
  const P = model.outputSize;
  const S = P + n;
  const m = model.inputSize;
  const previous = new Float64Array(S);
  let values: LstmStepValues | undefined;
  let input: Float64Array = new Float64Array(m);
  // Without a projection: [∂u/∂h; ∂c'/∂h] and the diagonals [∂u/∂c; ∂c'/∂c]. With one: the dense ∂s_t/∂s_{t−1}.
  const hColumns = model.W_hr ? own(allocate, S, S) : own(allocate, 2 * n, P);
  const diagonals = allocate(model.W_hr ? 0 : 2 * n);
  const wrtInput = own(allocate, S, m);
  // The linearisation is written straight into the operand's arrays: ∂u/∂h rows, then ∂c'/∂h.
  const linearisation = {
    uFromH: hColumns.data.subarray(0, n * P),
    cFromH: hColumns.data.subarray(n * P, 2 * n * P),
    uFromC: diagonals.subarray(0, n),
    cFromC: diagonals.subarray(n, 2 * n),
  };
  let denseAt = -1;
  let stepsTaken = 0;
  const dense = (): void => {
    // One dense linearisation per step, shared by both operands.
    if (denseAt === stepsTaken) return;
    const jac = lstmDenseStep(model, input, previous);
    if (model.W_hr) hColumns.data.set(jac.wrtState.data);
    wrtInput.data.set(jac.wrtInput.data);
    denseAt = stepsTaken;
  };
  return {
    model,
    stateSize: S,
    state,
    output: state.subarray(0, P),
    operandArrays: [hColumns.data, diagonals, wrtInput.data],
    advance(x, step) {
      previous.set(state);
      input = x;
      values = lstmStep(model, x, previous.subarray(0, P), previous.subarray(P), recurrent);
      state.set(values.hNext, 0);
      state.set(values.cNext, P);
      stepsTaken++;
      assertFinite(model, state, step, 'h, c');
    },
    tangent() {
      if (model.W_hr) {
        dense();
        return { a: hColumns, from: 0 };
      }
      lstmLinearisation(model, values!, previous.subarray(P), 'state', linearisation);
      return { a: hColumns, from: 0, diagonal: { e: diagonals, yFrom: P, period: n } };
    },
    inputTangent() {
      dense();
      return { a: wrtInput, from: 0 };
    },
  };
}

function gruStepper(
  model: GruModel,
  state: Float64Array,
  allocate: Allocate,
  recurrent?: RecurrentProducts,
): CellStepper {
  const N = model.hiddenSize;
  const previous = new Float64Array(N);
  let values: GruStepValues | undefined;
  const wrtState = own(allocate, N, N);
  const wrtInput = own(allocate, N, model.inputSize);
  return {
    model,
    stateSize: N,
    state,
    output: state,
    operandArrays: [wrtState.data, wrtInput.data],
    advance(x, step) {
      previous.set(state);
      values = gruStep(model, x, previous, recurrent);
      state.set(values.hNext);
      assertFinite(model, state, step, 'h');
    },
    tangent() {
      wrtState.data.set(gruLinearisation(model, values!, previous, 'state'));
      return { a: wrtState, from: 0 };
    },
    inputTangent() {
      wrtInput.data.set(gruLinearisation(model, values!, previous, 'input'));
      return { a: wrtInput, from: 0 };
    },
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

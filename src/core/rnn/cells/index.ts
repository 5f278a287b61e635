// Any cell's forward run and step Jacobians, dense, in the canonical state order (LSTM: h then c): the API
// a stack is built on. The analysis's own curves use the structured products of ./lstm.ts and ./gru.ts instead.
import { zeros, type Matrix } from '../../linalg/matrix';
import { ACTIVATIONS } from '../activations';
import { runForward } from '../forward';
import { stateSize, type CellStepJacobians, type CellTrajectory, type RecurrentModel } from '../gated-model';
import type { RnnModel } from '../model';
import { addBlockTimes } from './gate-math';
import type { ComputeHooks } from '../hooks';
import { runGru, runLstm } from './run';
import { gruLinearisation, gruStep } from './gru';
import { lstmDenseStep } from './lstm-dense';

/** s_0 … s_T and h_1 … h_T for inputs x_1 … x_T from s0 (LSTM: h_0 then c_0); hooks are asked at every step. */
export function runCell(
  model: RecurrentModel,
  inputs: readonly Float64Array[],
  s0: Float64Array,
  hooks?: ComputeHooks,
): CellTrajectory {
  if (s0.length !== stateSize(model))
    throw new RangeError(`s0 has ${s0.length} entries, the ${model.cell} state has ${stateSize(model)}`);
  if (model.cell === 'lstm') return runLstm(model, inputs, s0, hooks);
  if (model.cell === 'gru') return runGru(model, inputs, s0, hooks);
  const { hidden } = runForward(model, inputs, s0);
  return { states: hidden, outputs: hidden.slice(1) };
}

/** ∂s_t/∂s_{t−1} and ∂s_t/∂x_t at step t = 1..T of `trajectory`, dense. */
export function stepJacobians(
  model: RecurrentModel,
  inputs: readonly Float64Array[],
  trajectory: CellTrajectory,
  t: number,
): CellStepJacobians {
  const T = trajectory.states.length - 1;
  if (!Number.isInteger(t) || t < 1 || t > T) throw new RangeError(`step ${t} is outside 1..${T}`);
  const x = inputs[t - 1];
  const s = trajectory.states[t - 1];
  if (model.cell === 'lstm') return lstmDenseStep(model, x, s);
  if (model.cell === 'gru') {
    const step = gruStep(model, x, s);
    const N = model.hiddenSize;
    return {
      wrtState: { rows: N, cols: N, data: gruLinearisation(model, step, s, 'state') },
      wrtInput: { rows: N, cols: model.inputSize, data: gruLinearisation(model, step, s, 'input') },
    };
  }
  return rnnStep(model, x, s);
}

function rnnStep(model: RnnModel, x: Float64Array, h: Float64Array): CellStepJacobians {
  const n = model.hiddenSize;
  const m = model.inputSize;
  const a = Float64Array.from(model.b_h);
  addBlockTimes(model.W_hh.data, n, 0, n, h, a);
  if (m > 0) addBlockTimes(model.W_xh.data, m, 0, n, x, a);
  const act = ACTIVATIONS[model.activation];
  const scaleRows = (W: Matrix): Matrix => {
    const out = zeros(W.rows, W.cols);
    for (let i = 0; i < n; i++) {
      const d = act.derivative(a[i], act.value(a[i]));
      for (let j = 0; j < W.cols; j++) out.data[i * W.cols + j] = d * W.data[i * W.cols + j];
    }
    return out;
  };
  return { wrtState: scaleRows(model.W_hh), wrtInput: scaleRows(model.W_xh) };
}

// Forward runs of the gated cells: s_0 … s_T (LSTM: h then c) and the outputs h_1 … h_T.
import type { CellTrajectory, GruModel, LstmModel } from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import { assertFiniteState, recurrentProducts } from './gate-math';
import { gruStep } from './gru';
import { lstmStep } from './lstm';

export function runLstm(
  model: LstmModel,
  inputs: readonly Float64Array[],
  s0: Float64Array,
  hooks?: ComputeHooks,
): CellTrajectory {
  const P = model.outputSize;
  const states = [Float64Array.from(s0)];
  const outputs: Float64Array[] = [];
  const recurrent = recurrentProducts(model.W_hh);
  for (let t = 1; t <= inputs.length; t++) {
    throwIfCancelled(hooks);
    const s = states[t - 1];
    const step = lstmStep(model, inputs[t - 1], s.subarray(0, P), s.subarray(P), recurrent);
    assertFiniteState(model.source.file, 'c', step.cNext, t, 'lstm');
    assertFiniteState(model.source.file, 'h', step.hNext, t, 'lstm');
    const next = new Float64Array(s.length);
    next.set(step.hNext, 0);
    next.set(step.cNext, P);
    states.push(next);
    outputs.push(next.subarray(0, P));
  }
  return { states, outputs };
}

export function runGru(
  model: GruModel,
  inputs: readonly Float64Array[],
  s0: Float64Array,
  hooks?: ComputeHooks,
): CellTrajectory {
  const states: Float64Array[] = [Float64Array.from(s0)];
  const recurrent = recurrentProducts(model.W_hh);
  for (let t = 1; t <= inputs.length; t++) {
    throwIfCancelled(hooks);
    const h = gruStep(model, inputs[t - 1], states[t - 1], recurrent).hNext;
    assertFiniteState(model.source.file, 'h', h, t, 'gru');
    states.push(h);
  }
  return { states, outputs: states.slice(1) };
}

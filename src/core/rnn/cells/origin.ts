// The step Jacobian linearised at the origin (s = 0, x = 0, biases kept): what the weights alone say, as W_hh
// does for a vanilla RNN; and each gate's n×n recurrent block (times W_hr with a projection).
import { gemm } from '../../linalg/gemm';
import type { Matrix } from '../../linalg/matrix';
import { GRU_GATES, LSTM_GATES, stateSize, type GateName, type GruModel, type LstmModel } from '../gated-model';
import { stepJacobians } from './index';

export function originJacobian(model: LstmModel | GruModel): Matrix {
  const S = stateSize(model);
  const zero = new Float64Array(S);
  return stepJacobians(model, [new Float64Array(model.inputSize)], { states: [zero, zero], outputs: [] }, 1).wrtState;
}

/** Each gate's rows of W_hh (n × outputSize); with a projection, times W_hr (n × n). */
export function gateBlocks(model: LstmModel | GruModel): { gate: GateName; block: Matrix }[] {
  const n = model.hiddenSize;
  const cols = model.W_hh.cols;
  const names: readonly GateName[] = model.cell === 'lstm' ? LSTM_GATES : GRU_GATES;
  return names.map((gate, k) => {
    const rows: Matrix = { rows: n, cols, data: model.W_hh.data.slice(k * n * cols, (k + 1) * n * cols) };
    const block = model.cell === 'lstm' && model.W_hr ? gemm(rows, model.W_hr) : rows;
    return { gate, block };
  });
}

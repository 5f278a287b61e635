// Canonical models of every layer of a PyTorch nn.RNN / nn.LSTM / nn.GRU state_dict, as the fixtures of
// scripts/fixtures/gated-stack.py store it. PyTorch's layout is the canonical one (gate rows i, f, g, o and r, z, n),
// so this is a copy, not a translation; an LSTM's two biases add, a GRU's stay apart.
import type { GruModel, LstmModel, RecurrentModel, RecurrentStack } from '../../../src/core/rnn/gated-model';
import type { RnnModel } from '../../../src/core/rnn/model';
import type { Matrix } from '../../../src/core/linalg/matrix';

export interface StackFixture {
  name: string;
  cell: 'rnn' | 'lstm' | 'gru';
  inputSize: number;
  hiddenSize: number;
  layers: number;
  bidirectional: boolean;
  weights: Record<string, { shape: number[]; data: number[] }>;
  inputs: number[][];
  perLayer: {
    layer: number;
    direction: 'forward' | 'reverse';
    inputs: number[][];
    frobenius: number[];
    spectral: number[];
    hiddenFrobenius: number[];
    hiddenSpectral: number[];
    cellFrobenius?: number[];
    cellSpectral?: number[];
  }[];
  topOutputs: number[][];
  stack?: { frobenius: number[]; spectral: number[]; topToBottomFrobenius: number[]; topToBottomSpectral: number[] };
}

const matrix = (t: { shape: number[]; data: number[] }): Matrix => ({
  rows: t.shape[0],
  cols: t.shape[1],
  data: Float64Array.from(t.data),
});

export function layerModel(f: StackFixture, layer: number, direction: 'forward' | 'reverse'): RecurrentModel {
  const suffix = `_l${layer}${direction === 'reverse' ? '_reverse' : ''}`;
  const w = (name: string) => f.weights[`${name}${suffix}`];
  const W_ih = matrix(w('weight_ih'));
  const W_hh = matrix(w('weight_hh'));
  const b_ih = Float64Array.from(w('bias_ih').data);
  const b_hh = Float64Array.from(w('bias_hh').data);
  const n = f.hiddenSize;
  const source = {
    file: `${f.name}.json`,
    format: 'fixture',
    layer,
    direction,
    layers: [],
  };
  if (f.cell === 'lstm') {
    const model: LstmModel = {
      cell: 'lstm',
      hiddenSize: n,
      outputSize: n,
      inputSize: W_ih.cols,
      W_ih,
      W_hh,
      b: b_ih.map((v, i) => v + b_hh[i]),
      source,
    };
    return model;
  }
  if (f.cell === 'gru') {
    const model: GruModel = {
      cell: 'gru',
      hiddenSize: n,
      inputSize: W_ih.cols,
      W_ih,
      W_hh,
      b_ih,
      b_hh,
      resetAfter: true,
      source,
    };
    return model;
  }
  const model: RnnModel = {
    cell: 'rnn',
    activation: 'tanh',
    activationSource: 'default',
    hiddenSize: n,
    inputSize: W_ih.cols,
    W_hh,
    W_xh: W_ih,
    b_h: b_ih.map((v, i) => v + b_hh[i]),
    tied: [],
    source,
  };
  return model;
}

export function stackOf(f: StackFixture): RecurrentStack {
  return {
    layers: Array.from({ length: f.layers }, (_, k) => ({
      forward: layerModel(f, k, 'forward'),
      ...(f.bidirectional ? { reverse: layerModel(f, k, 'reverse') } : {}),
    })),
  };
}

export const rows = (r: number[][]): Float64Array[] => r.map((x) => Float64Array.from(x));

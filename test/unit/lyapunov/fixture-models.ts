// Our canonical models from the PyTorch layers scripts/fixtures/lyapunov.py wrote (PyTorch's gate order is ours).
import { fromRows, type Matrix } from '../../../src/core/linalg/matrix';
import type { GruModel, LstmModel, RecurrentModel } from '../../../src/core/rnn/gated-model';
import type { RnnModel } from '../../../src/core/rnn/model';

export interface LyapunovFixture {
  name: string;
  cell: 'rnn' | 'lstm' | 'gru';
  layers: Record<string, number[][] | number[]>[];
  hiddenSize: number;
  projSize: number;
  inputs: number[][];
  k: number;
  warmup: number;
  steps: number;
  every: number;
  exponents: number[];
}

const source = { file: 'fixture', format: 'pytorch', layer: 0, direction: 'forward' as const, layers: [] };
const matrix = (v: unknown): Matrix => fromRows(v as number[][]);
const vector = (v: unknown): Float64Array => Float64Array.from(v as number[]);
const sum = (a: Float64Array, b: Float64Array): Float64Array => a.map((x, i) => x + b[i]);

export function fixtureLayers(f: LyapunovFixture): RecurrentModel[] {
  return f.layers.map((w, index) => {
    const W_ih = matrix(w.weight_ih);
    const W_hh = matrix(w.weight_hh);
    const b_ih = vector(w.bias_ih);
    const b_hh = vector(w.bias_hh);
    const src = { ...source, layer: index };
    if (f.cell === 'rnn') {
      const rnn: RnnModel = {
        cell: 'rnn',
        activation: 'tanh',
        activationSource: 'file',
        hiddenSize: W_hh.rows,
        inputSize: W_ih.cols,
        W_hh,
        W_xh: W_ih,
        b_h: sum(b_ih, b_hh),
        tied: [],
        source: src,
      };
      return rnn;
    }
    if (f.cell === 'lstm') {
      const lstm: LstmModel = {
        cell: 'lstm',
        hiddenSize: f.hiddenSize,
        outputSize: f.projSize || f.hiddenSize,
        inputSize: W_ih.cols,
        W_ih,
        W_hh,
        b: sum(b_ih, b_hh),
        ...(f.projSize ? { W_hr: matrix(w.weight_hr) } : {}),
        source: src,
      };
      return lstm;
    }
    const gru: GruModel = {
      cell: 'gru',
      hiddenSize: f.hiddenSize,
      inputSize: W_ih.cols,
      W_ih,
      W_hh,
      b_ih,
      b_hh,
      resetAfter: true,
      source: src,
    };
    return gru;
  });
}

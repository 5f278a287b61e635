// Builds our model from a PyTorch fixture written by scripts/fixtures/rnn.py.
import { fromRows } from '../../../src/core/linalg/matrix';
import type { ActivationName } from '../../../src/core/rnn/activations';
import type { RnnModel } from '../../../src/core/rnn/model';
import type { InputSequence } from '../../../src/core/analysis/inputs';

export interface RnnFixture {
  name: string;
  activation: ActivationName;
  W_hh: number[][];
  W_xh: number[][];
  b_h: number[];
  inputs: number[][];
  h0: number[];
  expected: {
    hT: number[];
    jacobianFrobenius: number[];
    jacobianSpectral: number[];
    gradientW_hh: number[][];
    gradientW_xh: number[][];
    gradientB_h: number[];
    gradientFrobenius: number;
    gradientByLag: number[];
    eigenvalues: [number, number][];
    sigmaMax: number;
  };
}

export function modelFromFixture(
  f: Pick<RnnFixture, 'W_hh' | 'W_xh' | 'b_h' | 'activation'>,
  tied: string[][] = [],
): RnnModel {
  const W_hh = fromRows(f.W_hh);
  const W_xh = fromRows(f.W_xh);
  return {
    cell: 'rnn',
    activation: f.activation,
    activationSource: 'file',
    hiddenSize: W_hh.rows,
    inputSize: W_xh.cols,
    W_hh,
    W_xh,
    b_h: Float64Array.from(f.b_h),
    tied,
    source: { file: 'fixture', format: 'json-model', layer: 0, direction: 'forward', layers: [] },
  };
}

export function sequenceFromFixture(f: Pick<RnnFixture, 'inputs' | 'h0'>): InputSequence {
  return { inputs: f.inputs.map((row) => Float64Array.from(row)), h0: Float64Array.from(f.h0) };
}

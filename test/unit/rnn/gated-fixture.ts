// Canonical LSTM/GRU models built straight from a PyTorch state_dict in a fixture of scripts/fixtures/gated.py
// (PyTorch's layout is the canonical one), and small seeded models for finite-difference checks.
import { fromRows, type Matrix } from '../../../src/core/linalg/matrix';
import type { GruModel, LstmModel, RecurrentModel } from '../../../src/core/rnn/gated-model';
import { readFixture } from '../helpers';
import { mulberry32 } from '../seeded-random';

export interface GatedFixture {
  name: string;
  cell: 'lstm' | 'gru';
  inputSize: number;
  hiddenSize: number;
  projSize: number;
  resetAfter: boolean;
  stateDict: Record<string, number[][] | number[]>;
  inputs: number[][];
  h0: number[];
  c0: number[] | null;
  expected: {
    sT: number[];
    stepWrtState: number[][];
    stepWrtInput: number[][];
    jacobianFrobenius: number[];
    jacobianSpectral: number[];
    hiddenFrobenius: number[];
    hiddenSpectral: number[];
    cellFrobenius: number[];
    cellSpectral: number[];
    gradientW_hh: number[][];
    gradientFrobenius: number;
    gradientByLag: number[];
    gradientGatesByLag: Record<string, number[]>;
    gradientGatesFrobenius: Record<string, number>;
    gates: Record<string, { mean: number; saturatedLow: number; saturatedHigh: number; unitMeans: number[] }>;
  };
}

export const GATED_CASES = ['lstm', 'lstm-proj', 'lstm-remembering', 'gru', 'gru-reset-before'];

export function readGatedFixture(name: string): GatedFixture {
  return readFixture<GatedFixture>('gated', `${name}.json`);
}

const SOURCE = { file: 'fixture', format: 'pytorch', layer: 0, direction: 'forward' as const, layers: [] };

export function modelFromStateDict(f: GatedFixture): LstmModel | GruModel {
  const d = f.stateDict;
  const matrix = (key: string): Matrix => fromRows(d[key] as number[][]);
  const vector = (key: string): Float64Array => Float64Array.from(d[key] as number[]);
  if (f.cell === 'lstm') {
    const b = vector('bias_ih_l0');
    const bh = vector('bias_hh_l0');
    for (let i = 0; i < b.length; i++) b[i] += bh[i];
    const W_hr = d.weight_hr_l0 ? matrix('weight_hr_l0') : undefined;
    return {
      cell: 'lstm',
      hiddenSize: f.hiddenSize,
      outputSize: f.projSize || f.hiddenSize,
      inputSize: f.inputSize,
      W_ih: matrix('weight_ih_l0'),
      W_hh: matrix('weight_hh_l0'),
      b,
      ...(W_hr ? { W_hr } : {}),
      source: SOURCE,
    };
  }
  return {
    cell: 'gru',
    hiddenSize: f.hiddenSize,
    inputSize: f.inputSize,
    W_ih: matrix('weight_ih_l0'),
    W_hh: matrix('weight_hh_l0'),
    b_ih: vector('bias_ih_l0'),
    b_hh: vector('bias_hh_l0'),
    resetAfter: f.resetAfter,
    source: SOURCE,
  };
}

export function initialState(f: GatedFixture): Float64Array {
  return Float64Array.from(f.c0 ? [...f.h0, ...f.c0] : f.h0);
}

export function fixtureInputs(f: GatedFixture): Float64Array[] {
  return f.inputs.map((row) => Float64Array.from(row));
}

/** A seeded matrix with entries uniform in ±scale. */
export function seededMatrix(rows: number, cols: number, scale: number, random: () => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = scale * (2 * random() - 1);
  return { rows, cols, data };
}

export function seededVector(length: number, scale: number, random: () => number): Float64Array {
  return seededMatrix(1, length, scale, random).data;
}

/** A random LSTM with what ONNX adds (peepholes, coupled input-forget, clip) as asked. */
export function seededLstm(
  options: {
    n: number;
    m: number;
    proj?: number;
    peepholes?: boolean;
    coupled?: boolean;
    clip?: number;
    scale?: number;
  },
  seed: number,
): LstmModel {
  const random = mulberry32(seed);
  const { n, m } = options;
  const P = options.proj ?? n;
  const scale = options.scale ?? 1;
  return {
    cell: 'lstm',
    hiddenSize: n,
    outputSize: P,
    inputSize: m,
    W_ih: seededMatrix(4 * n, m, scale, random),
    W_hh: seededMatrix(4 * n, P, scale, random),
    b: seededVector(4 * n, 0.5, random),
    ...(options.proj ? { W_hr: seededMatrix(P, n, scale, random) } : {}),
    ...(options.peepholes
      ? { peepholes: { i: seededVector(n, 1, random), f: seededVector(n, 1, random), o: seededVector(n, 1, random) } }
      : {}),
    ...(options.coupled ? { coupledInputForget: true } : {}),
    ...(options.clip !== undefined ? { clip: options.clip } : {}),
    source: SOURCE,
  };
}

export function seededGru(
  options: { n: number; m: number; resetAfter: boolean; clip?: number; scale?: number },
  seed: number,
): GruModel {
  const random = mulberry32(seed);
  const { n, m } = options;
  const scale = options.scale ?? 1;
  return {
    cell: 'gru',
    hiddenSize: n,
    inputSize: m,
    W_ih: seededMatrix(3 * n, m, scale, random),
    W_hh: seededMatrix(3 * n, n, scale, random),
    b_ih: seededVector(3 * n, 0.5, random),
    b_hh: seededVector(3 * n, 0.5, random),
    resetAfter: options.resetAfter,
    ...(options.clip !== undefined ? { clip: options.clip } : {}),
    source: SOURCE,
  };
}

export function seededSequence(model: RecurrentModel, T: number, seed: number, stateSize: number) {
  const random = mulberry32(seed);
  const inputs = Array.from({ length: T }, () => seededVector(model.inputSize, 1.5, random));
  return { inputs, s0: seededVector(stateSize, 0.8, random) };
}

// Small models built in the tests themselves.
import { matMul, zeros, type Matrix } from '../../../src/core/linalg/matrix';
import type { ActivationName } from '../../../src/core/rnn/activations';
import type { RnnModel } from '../../../src/core/rnn/model';
import { SeededNormal } from '../../../src/core/random';

export function rnn(W_hh: Matrix, activation: ActivationName, inputSize = 0, seed = 1): RnnModel {
  const n = W_hh.rows;
  const W_xh = zeros(n, inputSize);
  const rng = new SeededNormal(seed);
  for (let i = 0; i < W_xh.data.length; i++) W_xh.data[i] = rng.normal();
  return {
    cell: 'rnn',
    activation,
    activationSource: 'file',
    hiddenSize: n,
    inputSize,
    W_hh,
    W_xh,
    b_h: new Float64Array(n),
    tied: [],
    source: { file: 'test.json', format: 'json-model', layer: 0, direction: 'forward', layers: [] },
  };
}

/** g·W with W_ij ~ N(0, 1/n), seeded. */
export function randomGain(n: number, g: number, seed: number): Matrix {
  const rng = new SeededNormal(seed);
  const W = zeros(n, n);
  for (let i = 0; i < W.data.length; i++) W.data[i] = (g * rng.normal()) / Math.sqrt(n);
  return W;
}

/**
 * U T Uᵀ with U a product of three reflections I − 2vvᵀ/vᵀv (dense and orthogonal) and T upper triangular:
 * eigenvalues exactly T's diagonal. A single reflection would leave the coordinate flag nearly invariant, and
 * Benettin's directions would take hundreds of steps to leave it.
 */
export function withEigenvalues(diagonal: readonly number[], seed: number): Matrix {
  const n = diagonal.length;
  const rng = new SeededNormal(seed);
  let W = zeros(n, n);
  for (let i = 0; i < n; i++) {
    W.data[i * n + i] = diagonal[i];
    for (let j = i + 1; j < n; j++) W.data[i * n + j] = 0.2 * rng.normal();
  }
  for (let r = 0; r < 3; r++) {
    const v = Array.from({ length: n }, () => rng.normal());
    const vv = v.reduce((a, x) => a + x * x, 0);
    const H = zeros(n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) H.data[i * n + j] = (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    W = matMul(matMul(H, W), H);
  }
  return W;
}

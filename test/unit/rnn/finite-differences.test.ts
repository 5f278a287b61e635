// Jacobians and the tied-weight gradient against central finite differences of the forward pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import type { InputSequence } from '../../../src/core/analysis/inputs';
import { vectorNorm } from '../../../src/core/linalg/matrix';
import { ACTIVATIONS, type ActivationName } from '../../../src/core/rnn/activations';
import { bpttGradient } from '../../../src/core/rnn/bptt';
import { runForward } from '../../../src/core/rnn/forward';
import { SeededNormal } from '../../../src/core/random';
import { assertClose } from '../helpers';
import { modelFromFixture } from './model-from-fixture';

function randomCase(n: number, m: number, T: number, activation: ActivationName, scale: number, seed: number) {
  const rng = new SeededNormal(seed);
  const mat = (r: number, c: number, s: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => rng.normal() * s));
  const model = modelFromFixture({
    W_hh: mat(n, n, scale / Math.sqrt(n)),
    W_xh: mat(n, m, 0.5),
    b_h: mat(1, n, 0.1)[0],
    activation,
  });
  const seq: InputSequence = {
    inputs: mat(T, m, 1).map((r) => Float64Array.from(r)),
    h0: Float64Array.from(mat(1, n, 0.3)[0]),
  };
  return { model, seq };
}

/** h_T from h_{T−l} = start, with each step's W_hh given separately (untied). */
function runFrom(
  weights: number[][][],
  W_xh: number[][],
  b: number[],
  act: ActivationName,
  start: number[],
  xs: Float64Array[],
): number[] {
  let h = start;
  weights.forEach((W, k) => {
    const x = xs[k];
    h = W.map((row, i) =>
      ACTIVATIONS[act].value(
        row.reduce((s, w, j) => s + w * h[j], 0) + W_xh[i].reduce((s, w, j) => s + w * x[j], 0) + b[i],
      ),
    );
  });
  return h;
}

const toRows = (data: Float64Array, n: number) =>
  Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * n, (i + 1) * n)));

for (const activation of ['tanh', 'sigmoid', 'linear'] as const) {
  test(`${activation}: ‖J(l)‖_F matches central differences of h_T with respect to h_{T−l}`, () => {
    const { model, seq } = randomCase(5, 3, 8, activation, 1.3, 11);
    const n = model.hiddenSize;
    const T = seq.inputs.length;
    const traj = runForward(model, seq.inputs, seq.h0);
    const W = toRows(model.W_hh.data, n);
    const Wx = Array.from({ length: n }, (_, i) => Array.from(model.W_xh.data.subarray(i * 3, i * 3 + 3)));
    const b = Array.from(model.b_h);
    const r = analyzeModel(model, seq, { inputs: { kind: 'file', steps: T } });
    for (const l of [1, 2, 5, 8]) {
      const start = Array.from(traj.hidden[T - l]);
      const xs = seq.inputs.slice(T - l);
      const eps = 1e-6;
      const J: number[] = [];
      for (let j = 0; j < n; j++) {
        const plus = [...start];
        plus[j] += eps;
        const minus = [...start];
        minus[j] -= eps;
        const hp = runFrom(Array(l).fill(W), Wx, b, activation, plus, xs);
        const hm = runFrom(Array(l).fill(W), Wx, b, activation, minus, xs);
        for (let i = 0; i < n; i++) J.push((hp[i] - hm[i]) / (2 * eps));
      }
      assertClose(r.jacobian.frobenius[l - 1], vectorNorm(J), 1e-7, `‖J(${l})‖_F`);
    }
  });

  test(`${activation}: the tied W_hh's gradient is the sum of the untied per-step copies' gradients (finite differences)`, () => {
    const { model, seq } = randomCase(4, 2, 6, activation, 1.1, 12);
    const n = model.hiddenSize;
    const T = seq.inputs.length;
    const W = toRows(model.W_hh.data, n);
    const Wx = Array.from({ length: n }, (_, i) => Array.from(model.W_xh.data.subarray(i * 2, i * 2 + 2)));
    const b = Array.from(model.b_h);
    const energy = (weights: number[][][]) =>
      0.5 * runFrom(weights, Wx, b, activation, Array.from(seq.h0), seq.inputs).reduce((s, v) => s + v * v, 0);
    const eps = 1e-6;
    const traj = runForward(model, seq.inputs, seq.h0);
    const g = bpttGradient(model, traj, seq.inputs);
    // Per-step copies: perturb only the copy used at step k.
    const perStepNorms: number[] = [];
    const summed = new Float64Array(n * n);
    for (let k = 1; k <= T; k++) {
      const Gk = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const copies = (delta: number) =>
            Array.from({ length: T }, (_, s) =>
              s === k - 1 ? W.map((row, a) => row.map((w, c) => (a === i && c === j ? w + delta : w))) : W,
            );
          Gk[i * n + j] = (energy(copies(eps)) - energy(copies(-eps))) / (2 * eps);
        }
      perStepNorms.push(vectorNorm(Gk));
      Gk.forEach((v, idx) => (summed[idx] += v));
    }
    summed.forEach((v, idx) => assertClose(g.W_hh.data[idx], v, 1e-6, `∂E/∂W_hh entry ${idx}`, 1e-9));
    g.log10ByLag.forEach((lg, lag) =>
      assertClose(lg === null ? 0 : 10 ** lg, perStepNorms[T - 1 - lag], 1e-6, `‖G_{T−${lag}}‖_F`, 1e-9),
    );
  });
}

test("relu: the Jacobian is zero through dead units, as PyTorch (σ'(0) = 0)", () => {
  const model = modelFromFixture({
    W_hh: [
      [1, 0],
      [0, 1],
    ],
    W_xh: [[0], [0]],
    b_h: [-1, 0],
    activation: 'relu',
  });
  const seq: InputSequence = { inputs: [0, 0, 0].map(() => Float64Array.of(0)), h0: Float64Array.of(0, 0) };
  const r = analyzeModel(model, seq, { inputs: { kind: 'zeros', steps: 3 } });
  // unit 0: a = −1 (dead); unit 1: a = 0 exactly, and relu'(0) = 0: J is exactly zero.
  assert.deepEqual(r.jacobian.log10Frobenius, [null, null, null]);
  assert.deepEqual(r.jacobian.frobenius, [0, 0, 0]);
  assert.equal(r.verdict.regime, 'vanishing');
  assert.equal(r.verdict.horizon, 0);
});

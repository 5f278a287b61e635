// Exponents known without running Benettin's method: a linear RNN's are ln|eigenvalue| of W_hh, and a random tanh
// network crosses into chaos at gain 1 (Sompolinsky, Crisanti & Sommers 1988).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lyapunovSpectrum } from '../../../src/core/rnn/lyapunov/benettin';
import { seededInputs, zeroInputs } from '../../../src/core/rnn/lyapunov/input-stream';
import { SeededNormal } from '../../../src/core/random';
import { randomGain, rnn, withEigenvalues } from './models';

test('a linear RNN: the exponents are ln of the moduli of W_hh’s eigenvalues, sorted, to 1e-3 at T = 2000', () => {
  const eigenvalues = [0.3, -0.95, 0.6, -0.8, 0.15, 0.45, 1.1, -0.7];
  const W = withEigenvalues(eigenvalues, 7);
  const expected = eigenvalues.map((e) => Math.log(Math.abs(e))).sort((a, b) => b - a);
  // Inputs drive the state but do not enter ∂h_t/∂h_{t−1} = W_hh of a linear cell; |1.1|^2100 stays in float64.
  const run = lyapunovSpectrum(
    { layers: [rnn(W, 'linear', 2)], tangentFrom: 0, inputs: seededInputs(3, 2) },
    { steps: 2000, warmup: 100 },
  );
  assert.equal(run.exponents.length, 8);
  run.exponents.forEach((l, i) =>
    assert.ok(Math.abs(l - expected[i]) <= 1e-3, `λ_${i + 1} = ${l}, ln|μ| = ${expected[i]}`),
  );
});

test('k < n: the k largest exponents of the linear RNN; the same with QR every 7 steps', () => {
  const eigenvalues = [0.3, -0.95, 0.6, -0.8, 0.15, 0.45, 0.9, -0.7];
  const W = withEigenvalues(eigenvalues, 8);
  const expected = eigenvalues.map((e) => Math.log(Math.abs(e))).sort((a, b) => b - a);
  for (const every of [1, 7]) {
    const run = lyapunovSpectrum(
      { layers: [rnn(W, 'linear')], tangentFrom: 0, inputs: zeroInputs(0) },
      { k: 3, steps: 2000, warmup: 100, every },
    );
    assert.equal(run.exponents.length, 3);
    run.exponents.forEach((l, i) => assert.ok(Math.abs(l - expected[i]) <= 1e-3, `every ${every}: λ_${i + 1} = ${l}`));
  }
});

test('the transition to chaos: h_t = tanh(g W h_{t−1}), n = 400, no input: λ₁ < 0 at g = 0.8, > 0 at g = 1.5', () => {
  const n = 400;
  const h0 = new Float64Array(n);
  const rng = new SeededNormal(11);
  for (let i = 0; i < n; i++) h0[i] = rng.normal();
  const lambda1 = (g: number): { value: number; se: number } => {
    // From a random h_0: at h = 0 exactly, g > 1 would measure the unstable fixed point, not the attractor.
    const run = lyapunovSpectrum(
      { layers: [rnn(randomGain(n, g, 5), 'tanh')], tangentFrom: 0, inputs: zeroInputs(0), initialStates: [h0] },
      { k: 4, steps: 600, warmup: 200 },
    );
    return { value: run.exponents[0], se: run.standardError[0] ?? Infinity };
  };
  const ordered = lambda1(0.8);
  const chaotic = lambda1(1.5);
  // Mean-field theory: ln g at the origin for g < 1 (−0.22 here); a positive λ₁ of order 0.1 at g = 1.5.
  assert.ok(ordered.value < 0 && ordered.value + 3 * ordered.se < 0, `g = 0.8: λ₁ = ${ordered.value} ± ${ordered.se}`);
  assert.ok(chaotic.value > 0 && chaotic.value - 3 * chaotic.se > 0, `g = 1.5: λ₁ = ${chaotic.value} ± ${chaotic.se}`);
});

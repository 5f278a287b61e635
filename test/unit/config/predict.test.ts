// The init predictions against sampled matrices: the circular law (ρ ≈ s√n) and the Bai–Yin edge
// (σ_max ≈ 2s√n) for every iid init, exact values for orthogonal and identity; ρ and σ_max of the samples come
// from the eigenvalue and singular-value solvers, which are tested against LAPACK on their own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predictGradients, predictInit, horizonFor, type InitSpec } from '../../../src/core/config/predict';
import { eigenvalues, spectralRadius } from '../../../src/core/linalg/eigen';
import { identity, matMul, type Matrix } from '../../../src/core/linalg/matrix';
import { sigmaMax } from '../../../src/core/linalg/svd';
import { iidMatrix, normalEntries, orthogonalMatrix, uniformEntries } from './sampling';

/** Finite-n spread of the spectral edge (measured over 200 numpy samples per n: ρ/(s√n) ∈ [0.96, 1.23] at n = 64). */
const RHO_TOLERANCE: Record<number, number> = { 64: 0.3, 128: 0.2, 256: 0.12 };
const SIGMA_TOLERANCE: Record<number, number> = { 64: 0.12, 128: 0.09, 256: 0.06 };

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

interface Case {
  spec: InitSpec;
  /** How the init draws one entry, written from the init's definition (not from the prediction). */
  draw: (n: number) => ReturnType<typeof normalEntries>;
}

const CASES: Case[] = [
  { spec: { type: 'normal', std: 0.05 }, draw: () => normalEntries(0.05) },
  { spec: { type: 'normal', std: 0.2 }, draw: () => normalEntries(0.2) },
  { spec: { type: 'uniform', a: 0.1 }, draw: () => uniformEntries(0.1) },
  // PyTorch: nn.init.xavier_uniform_ → U(−a, a), a = gain·√(6/(fan_in + fan_out)); xavier_normal_ → std gain·√(2/(fan_in + fan_out)).
  { spec: { type: 'xavier_uniform', gain: 1.5 }, draw: (n) => uniformEntries(1.5 * Math.sqrt(6 / (n + n))) },
  { spec: { type: 'xavier_normal', gain: 0.8 }, draw: (n) => normalEntries(0.8 * Math.sqrt(2 / (n + n))) },
  // nn.RNN.reset_parameters: U(−1/√hidden_size, 1/√hidden_size).
  { spec: { type: 'pytorch_default' }, draw: (n) => uniformEntries(1 / Math.sqrt(n)) },
];

for (const n of [64, 128, 256]) {
  CASES.forEach((c, k) => {
    const label = `${c.spec.type}${c.spec.std ?? c.spec.a ?? c.spec.gain ?? ''}`;
    test(`circular law: ${label}, n = ${n}: sampled ρ and σ_max match the prediction`, () => {
      const predicted = predictInit(c.spec, n);
      assert.equal(predicted.exact, false);
      const w = iidMatrix(n, 1000 * n + k, c.draw(n));
      const rho = spectralRadius(eigenvalues(w));
      const sMax = sigmaMax(w);
      const eRho = relativeError(rho, predicted.spectralRadius);
      const eSigma = relativeError(sMax, predicted.sigmaMax);
      assert.ok(
        eRho <= RHO_TOLERANCE[n],
        `ρ: sampled ${rho}, predicted ${predicted.spectralRadius} (${(100 * eRho).toFixed(1)} % off)`,
      );
      assert.ok(
        eSigma <= SIGMA_TOLERANCE[n],
        `σ_max: sampled ${sMax}, predicted ${predicted.sigmaMax} (${(100 * eSigma).toFixed(1)} % off)`,
      );
    });
  });
}

test('orthogonal init: ρ and σ_max are exactly the gain', () => {
  for (const [n, gain] of [
    [16, 1],
    [40, 0.7],
    [64, 2.5],
  ]) {
    const w = orthogonalMatrix(n, n, gain);
    const predicted = predictInit({ type: 'orthogonal', gain }, n);
    assert.equal(predicted.exact, true);
    const eigs = eigenvalues(w);
    for (const [re, im] of eigs)
      assert.ok(
        Math.abs(Math.hypot(re, im) - predicted.spectralRadius) < 1e-10,
        `|λ| = ${Math.hypot(re, im)} for gain ${gain}`,
      );
    assert.ok(Math.abs(sigmaMax(w) - predicted.sigmaMax) < 1e-10);
  }
});

test('identity init: ρ = σ_max = |scale|', () => {
  for (const scale of [1, 0.9, -1.2]) {
    const w = identity(10);
    for (let i = 0; i < w.data.length; i++) w.data[i] *= scale;
    const p = predictInit({ type: 'identity', scale }, 10);
    assert.ok(Math.abs(spectralRadius(eigenvalues(w)) - p.spectralRadius) < 1e-14);
    assert.ok(Math.abs(sigmaMax(w) - p.sigmaMax) < 1e-12);
  }
  assert.equal(predictInit({ type: 'orthogonal' }, 8).spectralRadius, 1, 'gain defaults to 1');
});

function power(w: Matrix, t: number): Matrix {
  let p = w;
  for (let i = 1; i < t; i++) p = matMul(p, w);
  return p;
}

test('the linearised estimate: for a linear RNN ‖∂h_T/∂h_0‖ = ‖W^T‖ grows like (γρ)^T, and (γσ_max)^T bounds it', () => {
  const n = 96;
  const T = 40;
  const w = iidMatrix(n, 7, normalEntries(1 / Math.sqrt(n)));
  const p = predictGradients({ type: 'normal', std: 1 / Math.sqrt(n) }, n, 'linear');
  const norm = sigmaMax(power(w, T));
  // ‖W^T‖^{1/T} → ρ; at T = 40 the sub-exponential factor still counts, hence the loose tolerance.
  assert.ok(relativeError(norm ** (1 / T), p.gammaRho) < 0.15, `‖W^T‖^(1/T) = ${norm ** (1 / T)}, γρ = ${p.gammaRho}`);
  assert.ok(norm <= sigmaMax(w) ** T * (1 + 1e-12), 'the Pascanu bound holds');
});

test('the predicted horizon is the largest l with (γρ)^l ≥ threshold (brute force)', () => {
  for (const factor of [0.1, 0.5, 0.577, 0.9, 0.99, 0.999]) {
    for (const threshold of [1e-3, 1e-6, 0.5]) {
      let l = 0;
      while (factor ** (l + 1) >= threshold) l++;
      assert.equal(horizonFor(factor, threshold), l, `factor ${factor}, threshold ${threshold}`);
    }
  }
  assert.equal(horizonFor(1, 1e-3), Infinity);
  assert.equal(horizonFor(1.3, 1e-3), Infinity);
  assert.equal(horizonFor(0, 1e-3), 0);
});

test('regimes with γ: sigmoid (γ = ¼) turns an orthogonal init into vanishing, tanh keeps it at the edge', () => {
  assert.equal(predictGradients({ type: 'orthogonal', gain: 1 }, 32, 'tanh').regime, 'edge');
  assert.equal(predictGradients({ type: 'orthogonal', gain: 1 }, 32, 'sigmoid').regime, 'vanishing');
  assert.equal(predictGradients({ type: 'orthogonal', gain: 4 }, 32, 'sigmoid').regime, 'edge');
  assert.equal(predictGradients({ type: 'normal', std: 0.25 }, 64, 'tanh').regime, 'exploding');
  assert.equal(predictGradients({ type: 'pytorch_default' }, 64, 'tanh').regime, 'vanishing');
});

test('end to end: for a linear RNN with a sampled orthogonal W_hh, the measured horizon is the predicted one', async () => {
  const { analyzeModel } = await import('../../../src/core/analysis/analyze');
  const { generatedInputs } = await import('../../../src/core/analysis/inputs');
  const { toRows } = await import('../../../src/core/linalg/matrix');
  const { modelFromFixture } = await import('../rnn/model-from-fixture');
  for (const gain of [0.8, 0.9]) {
    const n = 24;
    const W_hh = toRows(orthogonalMatrix(n, 3, gain));
    const W_xh = Array.from({ length: n }, () => [0.1, -0.2]);
    const model = modelFromFixture({ W_hh, W_xh, b_h: new Array(n).fill(0), activation: 'linear' });
    const spec = { kind: 'random' as const, seed: 0, steps: 80 };
    const measured = analyzeModel(model, generatedInputs(spec, model), { inputs: spec, threshold: 1e-3 }).verdict
      .horizon;
    const predicted = predictGradients({ type: 'orthogonal', gain }, n, 'linear', 1e-3).horizon;
    assert.equal(measured, predicted, `gain ${gain}`);
  }
});

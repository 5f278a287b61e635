// The verdict and the horizon on RNNs whose Jacobians have closed forms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { modelFromFixture } from './model-from-fixture';

const zerosInput = (T: number) => ({
  inputs: Array.from({ length: T }, () => Float64Array.of(0)),
  h0: new Float64Array(2),
});

test('a rotation under a linear activation: ‖J(l)‖₂ = 1 for every l, the edge of stability', () => {
  const c = Math.cos(0.3),
    s = Math.sin(0.3);
  const model = modelFromFixture({
    W_hh: [
      [c, -s],
      [s, c],
    ],
    W_xh: [[0], [0]],
    b_h: [0, 0],
    activation: 'linear',
  });
  const r = analyzeModel(model, zerosInput(60), { inputs: { kind: 'zeros', steps: 60 } });
  assert.equal(r.verdict.regime, 'edge');
  assert.equal(r.verdict.horizon, 60);
  assert.ok(r.verdict.horizonReachesEnd);
  for (const v of r.jacobian.log10Spectral) assert.ok(Math.abs(v!) < 1e-13);
  assert.match(r.verdict.reasons.join(' '), /ρ\(W_hh\) ≈ 1/);
  assert.ok(r.spectrum.departureFromNormality < 1e-15, 'a rotation is normal');
  assert.equal(r.spectrum.transientGrowth, false);
});

test('W = 0.5·I, linear: ‖J(l)‖₂ = 0.5^l, so the horizon is the largest l with 0.5^l ≥ threshold', () => {
  const model = modelFromFixture({
    W_hh: [
      [0.5, 0],
      [0, 0.5],
    ],
    W_xh: [[0], [0]],
    b_h: [0, 0],
    activation: 'linear',
  });
  for (const [threshold, horizon] of [
    [1e-3, 9],
    [0.1, 3],
    [0.5, 1],
    [0.6, 0],
  ] as const) {
    const r = analyzeModel(model, zerosInput(30), { threshold, inputs: { kind: 'zeros', steps: 30 } });
    assert.equal(r.verdict.horizon, horizon, `threshold ${threshold}`);
    assert.equal(r.verdict.regime, 'vanishing');
    assert.ok(Math.abs(r.verdict.growthPerStep - 0.5) < 1e-12);
  }
});

test('W = 1.5·I, linear: exploding, ×1.5 per step, all lags above the threshold', () => {
  const model = modelFromFixture({
    W_hh: [
      [1.5, 0],
      [0, 1.5],
    ],
    W_xh: [[0], [0]],
    b_h: [0, 0],
    activation: 'linear',
  });
  const r = analyzeModel(model, zerosInput(40), { inputs: { kind: 'zeros', steps: 40 } });
  assert.equal(r.verdict.regime, 'exploding');
  assert.ok(Math.abs(r.verdict.growthPerStep - 1.5) < 1e-12);
  assert.match(r.verdict.summary, /Gradients explode: .* grows ×1\.5 per step/);
});

test('sigmoid: γ = ¼ enters the Pascanu bound (γσ_max)^l', () => {
  const model = modelFromFixture({
    W_hh: [
      [3, 0],
      [0, 2],
    ],
    W_xh: [[0], [0]],
    b_h: [0, 0],
    activation: 'sigmoid',
  });
  const r = analyzeModel(model, zerosInput(10), { inputs: { kind: 'zeros', steps: 10 } });
  assert.equal(r.spectrum.gamma, 0.25);
  assert.ok(Math.abs(r.spectrum.gammaSigmaMax! - 0.75) < 1e-14);
  r.jacobian.bounds.log10Pascanu.forEach((v, i) => assert.ok(Math.abs(v - (i + 1) * Math.log10(0.75)) < 1e-12));
  // h stays at σ(0)-driven fixed point; every ‖J(l)‖₂ obeys the bound.
  r.jacobian.log10Spectral.forEach((v, i) => assert.ok(v! <= r.jacobian.bounds.log10Pascanu[i] + 1e-12));
});

// The derived quantities from their definitions, on spectra worked by hand, and the long run's sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  entropyRate,
  kaplanYorkeDimension,
  positiveCount,
  predictedHorizon,
} from '../../../src/core/rnn/lyapunov/derived';
import { lyapunovSentence } from '../../../src/core/rnn/lyapunov/verdict-words';

test('positive count and entropy rate: the positive exponents, counted and summed', () => {
  assert.equal(positiveCount([0.3, 0.1, 0, -0.2]), 2);
  assert.ok(Math.abs(entropyRate([0.3, 0.1, 0, -0.2]) - 0.4) < 1e-15);
  assert.equal(entropyRate([-0.1, -0.5]), 0);
});

test('Kaplan–Yorke dimension: j + S_j/|λ_{j+1}|, 0 when λ₁ < 0, k (at least) when every partial sum stays ≥ 0', () => {
  // Partial sums 0.5, 0.7, 0.4, −0.6: j = 3, D = 3 + 0.4/1.
  const d = kaplanYorkeDimension([0.5, 0.2, -0.3, -1]);
  assert.ok(Math.abs(d.dimension - 3.4) < 1e-12 && !d.atLeast, JSON.stringify(d));
  // Partial sums 0.1, −0.4: j = 1, D = 1 + 0.1/0.5.
  assert.ok(Math.abs(kaplanYorkeDimension([0.1, -0.5]).dimension - 1.2) < 1e-12);
  assert.deepEqual(kaplanYorkeDimension([-0.01, -0.5]), { dimension: 0, atLeast: false });
  assert.deepEqual(kaplanYorkeDimension([0.2, 0.1, -0.1]), { dimension: 3, atLeast: true });
});

test('predicted horizon: ln(threshold)/λ₁ when λ₁ < 0, none otherwise', () => {
  assert.ok(Math.abs(predictedHorizon(-0.02, 1e-3)! - Math.log(1e-3) / -0.02) < 1e-9);
  assert.ok(Math.abs(predictedHorizon(-0.02, 1e-3)! - 345.39) < 0.01);
  assert.equal(predictedHorizon(0.1, 1e-3), null);
  assert.equal(predictedHorizon(0, 1e-3), null);
});

test('the sentence: chaotic above 0, the halving time below, the edge of chaos within two standard errors', () => {
  assert.equal(
    lyapunovSentence(0.12, 0.01),
    'chaotic: λ₁ = +0.12 per step — gradients grow without bound at long lags; clipping limits the step, not the cause',
  );
  // ln 2 / 0.02 = 34.66 steps.
  assert.equal(lyapunovSentence(-0.02, 0.001), 'λ₁ = -0.02 per step: a gradient halves every 35 steps');
  assert.match(lyapunovSentence(0.001, 0.002), /^λ₁ = \+0\.001 ± 0\.002 per step, not distinguishable from 0/);
  assert.match(
    lyapunovSentence(-0.3, null, 'html'),
    /^λ<sub>1<\/sub> = -0\.3 per step: a gradient halves every 2\.3 steps$/,
  );
});

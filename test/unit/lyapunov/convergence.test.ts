// The convergence report: batch-means errors that shrink like 1/√T, the running λ₁ ending at λ₁, the early stop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { lyapunovSpectrum } from '../../../src/core/rnn/lyapunov/benettin';
import { seededInputs } from '../../../src/core/rnn/lyapunov/input-stream';
import { randomGain, rnn } from './models';

const problem = () => ({
  layers: [rnn(randomGain(16, 1.5, 2), 'tanh', 2)],
  tangentFrom: 0,
  inputs: seededInputs(1, 2),
});

test('the running λ₁: at most 200 points, increasing steps, ending at λ₁ after all T steps', () => {
  const run = lyapunovSpectrum(problem(), { k: 3, steps: 1000, warmup: 50 });
  assert.ok(run.running.step.length <= 200 && run.running.step.length >= 100, `${run.running.step.length} points`);
  assert.ok(run.running.step.every((s, i) => i === 0 || s > run.running.step[i - 1]));
  assert.equal(run.running.step.at(-1), 1000);
  assert.ok(Math.abs(run.running.lambda1.at(-1)! - run.exponents[0]) < 1e-15);
  assert.ok(run.exponents[0] >= run.exponents[1] && run.exponents[1] >= run.exponents[2]);
});

test('batch-means standard errors shrink about like 1/√T (4× the steps, about half the error)', () => {
  const short = lyapunovSpectrum(problem(), { k: 2, steps: 1000, warmup: 50 });
  const long = lyapunovSpectrum(problem(), { k: 2, steps: 4000, warmup: 50 });
  const ratio = short.standardError[0]! / long.standardError[0]!;
  assert.ok(ratio > 1.2 && ratio < 4, `ratio ${ratio}`);
  assert.ok(Math.abs(short.exponents[0] - long.exponents[0]) < 4 * short.standardError[0]!);
});

test('early stop: once every standard error is below the tolerance, fewer steps are counted', () => {
  const full = lyapunovSpectrum(problem(), { k: 2, steps: 4000, warmup: 50 });
  const tolerance = 2 * full.standardError[1]!;
  const stopped = lyapunovSpectrum(problem(), { k: 2, steps: 4000, warmup: 50, tolerance });
  assert.ok(stopped.stoppedEarly && stopped.steps < 4000, `${stopped.steps} steps`);
  assert.ok(stopped.standardError.every((e) => e !== null && e < tolerance));
  const never = lyapunovSpectrum(problem(), { k: 2, steps: 1000, warmup: 50, tolerance: 1e-9 });
  assert.ok(!never.stoppedEarly && never.steps === 1000);
});

test('progress every few steps, in order, and a cancel stops the run between steps', () => {
  const fractions: number[] = [];
  lyapunovSpectrum(problem(), { k: 2, steps: 200, warmup: 40 }, { onProgress: (f) => fractions.push(f) });
  assert.ok(fractions.length >= 20, `${fractions.length} reports`);
  assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])));
  assert.equal(fractions.at(-1), 1);
  let asked = 0;
  assert.throws(
    () => lyapunovSpectrum(problem(), { k: 2, steps: 100_000 }, { isCancelled: () => ++asked > 3 }),
    (e: unknown) => e instanceof CancelledError,
  );
  assert.equal(asked, 4);
});

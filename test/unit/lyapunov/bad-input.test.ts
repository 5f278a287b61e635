// A bad setting gets a message that says the rule; a trajectory past float64 stops at the step where it left.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { identity } from '../../../src/core/linalg/matrix';
import { lyapunovSpectrum } from '../../../src/core/rnn/lyapunov/benettin';
import { seededInputs, zeroInputs } from '../../../src/core/rnn/lyapunov/input-stream';
import type { LyapunovSettings } from '../../../src/core/rnn/lyapunov/settings';
import { randomGain, rnn } from './models';

const small = () => ({ layers: [rnn(randomGain(6, 0.9, 1), 'tanh', 1)], tangentFrom: 0, inputs: seededInputs(0, 1) });

const cases: [LyapunovSettings, RegExp][] = [
  [{ k: 7 }, /k = 7 directions is more than the state has \(6 entries\): at most 6 exponents exist/],
  [{ k: 0 }, /Lyapunov directions k must be a whole number from 1 to 8,192, got 0/],
  [{ steps: 0 }, /Lyapunov steps T must be a whole number from 1 to 1,000,000, got 0/],
  [{ steps: 2.5 }, /Lyapunov steps T must be a whole number .*got 2.5/],
  [{ warmup: -1 }, /Warm-up steps must be a whole number from 0 to 1,000,000, got -1/],
  [{ warmup: 1.5 }, /Warm-up steps must be a whole number/],
  [{ every: 0 }, /Re-orthonormalise every t steps must be a whole number from 1 to 10, got 0/],
  [{ every: 11 }, /Re-orthonormalise every t steps must be a whole number from 1 to 10, got 11/],
  [{ tolerance: 0 }, /the Lyapunov tolerance must be a positive number/],
  [{ tolerance: NaN }, /the Lyapunov tolerance must be a positive number/],
];

for (const [settings, message] of cases) {
  test(`Lyapunov settings ${JSON.stringify(settings)} are refused with the rule they break`, () => {
    assert.throws(
      () => lyapunovSpectrum(small(), settings),
      (e: unknown) => e instanceof InputError && e.file === 'test.json' && message.test(e.problem),
    );
  });
}

test('an exploding linear net stops with the step where the state left float64', () => {
  const W = identity(4);
  for (let i = 0; i < 4; i++) W.data[i * 4 + i] = 3; // ‖h_t‖ ~ 3^t: past 1.8e308 after ~646 steps
  assert.throws(
    () => lyapunovSpectrum({ layers: [rnn(W, 'linear', 1)], tangentFrom: 0, inputs: seededInputs(0, 1) }, { k: 2 }),
    (e: unknown) => {
      if (!(e instanceof InputError) || e.file !== 'test.json') return false;
      const step = Number(/at step (\d+) of the Lyapunov run/.exec(e.problem)?.[1]);
      return step > 600 && step < 700;
    },
  );
});

test('zero inputs from h = 0 into a zero W_hh: every direction is mapped to zero, λ = −∞, no NaN', () => {
  const W = randomGain(3, 0, 1);
  const run = lyapunovSpectrum({ layers: [rnn(W, 'tanh')], tangentFrom: 0, inputs: zeroInputs(0) }, { steps: 50 });
  assert.deepEqual(run.exponents, [-Infinity, -Infinity, -Infinity]);
  assert.deepEqual(run.standardError, [null, null, null]);
});

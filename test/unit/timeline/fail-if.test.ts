// The --fail-if language: what it accepts, what it means, and the column of each mistake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateFailIf, ExpressionError, MissingFieldError, parseFailIf } from '../../../src/core/timeline/fail-if';
import type { TimelineLayerPoint, TimelinePoint } from '../../../src/core/timeline/types';

const layer: TimelineLayerPoint = {
  layer: 0,
  direction: 'forward',
  cell: 'rnn',
  rho: 0.9,
  sigmaMax: 1.5,
  gammaSigmaMax: 1.5,
  regime: 'vanishing',
  horizon: 40,
  horizonReachesEnd: false,
  gradientNorm: 2,
};
const point: TimelinePoint = {
  file: 'x.pt',
  size: 1,
  mtimeMs: 0,
  ok: true,
  epoch: 4,
  architecture: 'RNN',
  layers: [layer],
};
const holds = (expression: string, l: TimelineLayerPoint = layer): boolean =>
  evaluateFailIf(parseFailIf(expression), point, l);

test('comparisons of numbers and of the regime', () => {
  assert.equal(holds('horizon < 50'), true);
  assert.equal(holds('horizon < 40'), false);
  assert.equal(holds('horizon <= 40'), true);
  assert.equal(holds('50 > horizon'), true);
  assert.equal(holds('rho >= 0.9'), true);
  assert.equal(holds('sigmaMax != 1.5'), false);
  assert.equal(holds('gammaSigmaMax == 1.5e0'), true);
  assert.equal(holds('epoch > 3'), true);
  assert.equal(holds('regime == exploding'), false);
  assert.equal(holds('regime != exploding'), true);
  assert.equal(holds('regime == vanishing'), true);
});

test('and binds tighter than or; parentheses and not', () => {
  assert.equal(holds('horizon > 100 and rho < 1 or regime == vanishing'), true);
  assert.equal(holds('horizon > 100 and (rho < 1 or regime == vanishing)'), false);
  assert.equal(holds('not horizon > 100'), true);
  assert.equal(holds('not (rho < 1 and horizon < 50)'), false);
});

test('a number beyond float64 (null) compares as +∞; λ₁ = −∞ as −∞', () => {
  assert.equal(holds('sigmaMax > 1e300', { ...layer, sigmaMax: null }), true);
  assert.equal(holds('lambda1 < -1000', { ...layer, lambda1: null }), true);
});

test('a field the checkpoint lacks is a clear error, not false', () => {
  assert.throws(
    () => holds('lambda1 > 0'),
    (e: unknown) => e instanceof MissingFieldError && /--lyapunov/.test(e.message),
  );
  assert.throws(() => holds('meanGate < 0.5'), /LSTM or GRU/);
});

const mistakes: [string, number, RegExp][] = [
  ['horizon < ', 11, /expected a field, a number or a regime but found the end/],
  ['horizn < 50', 1, /unknown name "horizn"; the fields are horizon, rho/],
  ['horizon = 50', 9, /use ==/],
  ['horizon < 50 and', 17, /found the end/],
  ['horizon < 50 rho > 1', 14, /expected "and", "or" or the end/],
  ['(horizon < 50', 14, /expected "\)"/],
  ['regime < exploding', 8, /== or != only/],
  ['regime == 3', 11, /cannot be compared/],
  ['horizon == vanishing', 12, /cannot be compared/],
  ['3 < 4', 1, /a field on one side/],
  ['horizon', 8, /expected a comparison/],
  ['horizon < 5; rm -rf /', 12, /unexpected character ";"/],
  ['', 1, /found the end/],
];
for (const [expression, column, problem] of mistakes) {
  test(`invalid: ${JSON.stringify(expression)} at column ${column}`, () => {
    assert.throws(
      () => parseFailIf(expression),
      (e: unknown) => e instanceof ExpressionError && e.column === column && problem.test(e.message),
    );
  });
}

test('a hostile length or nesting is refused, not recursed into', () => {
  assert.throws(() => parseFailIf('('.repeat(5000) + 'horizon < 1' + ')'.repeat(5000)), ExpressionError);
  assert.throws(() => parseFailIf('('.repeat(40) + 'horizon < 1' + ')'.repeat(40)), /too deeply nested/);
});

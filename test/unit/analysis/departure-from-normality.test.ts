// ‖A Aᵀ − Aᵀ A‖_F / ‖A‖_F² against its closed form for an upper-triangular 2×2 matrix A = [[a, b], [0, c]]:
// A Aᵀ − Aᵀ A = [[b², b(c − a)], [b(c − a), −b²]], so the measure is |b|·√(2(b² + (c − a)²)) / (a² + b² + c²).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { departureFromNormality } from '../../../src/core/analysis/report-parts';
import { fromRows } from '../../../src/core/linalg/matrix';

const closedForm = (a: number, b: number, c: number): number =>
  (Math.abs(b) * Math.sqrt(2 * (b * b + (c - a) * (c - a)))) / (a * a + b * b + c * c);

const relativeError = (x: number, y: number): number => Math.abs(x - y) / Math.abs(y);

test('an upper-triangular 2×2 matrix gives the closed form', () => {
  for (const [a, b, c] of [
    [1, 1, 2],
    [0.5, -3, 0.25],
    [2, 1e-3, -2],
  ]) {
    const got = departureFromNormality(
      fromRows([
        [a, b],
        [0, c],
      ]),
    );
    assert.ok(relativeError(got, closedForm(a, b, c)) < 1e-14, `${a}, ${b}, ${c}: ${got}`);
  }
});

test('the measure is the same at scales where plain sums of squares would overflow or underflow', () => {
  // Not at any scale: A Aᵀ itself must be finite and normal-ranged, hence "give it at unit scale".
  const expected = closedForm(1, 1, 2);
  for (const scale of [1e150, 1e-150, 1e100, 1e-100]) {
    const got = departureFromNormality(
      fromRows([
        [scale, scale],
        [0, 2 * scale],
      ]),
    );
    assert.ok(relativeError(got, expected) < 1e-14, `scale ${scale}: ${got}`);
  }
});

test('a matrix a hair from normal is not reported as normal', () => {
  // The commutator's squares (about 1e-300 squared) underflow to zero; its norm does not.
  const got = departureFromNormality(
    fromRows([
      [1, 1e-150],
      [0, 2],
    ]),
  );
  assert.ok(got > 0);
  assert.ok(relativeError(got, closedForm(1, 1e-150, 2)) < 1e-14, String(got));
});

test('a normal matrix and the zero matrix give 0', () => {
  assert.equal(
    departureFromNormality(
      fromRows([
        [0, -1],
        [1, 0],
      ]),
    ),
    0,
  );
  assert.equal(
    departureFromNormality(
      fromRows([
        [0, 0],
        [0, 0],
      ]),
    ),
    0,
  );
});

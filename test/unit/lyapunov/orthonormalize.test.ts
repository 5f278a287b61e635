// The QR step: one Cholesky QR pass where the directions are well conditioned, Householder where they are not; both
// give Q with orthonormal columns and Q R = X, checked here from X and Q alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zeros, type Matrix } from '../../../src/core/linalg/matrix';
import { householderQr, orthonormalizer } from '../../../src/core/rnn/lyapunov/orthonormalize';
import { SeededNormal } from '../../../src/core/random';

/** N(0, 1) entries; `nearlyDependent`: column 1 is column 0 plus 1e-6 of noise (cond(X) ≈ 10⁶). */
function gaussian(n: number, k: number, seed: number, nearlyDependent = false): Matrix {
  const rng = new SeededNormal(seed);
  const X = zeros(n, k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) X.data[i * k + j] = rng.normal();
  if (nearlyDependent) for (let i = 0; i < n; i++) X.data[i * k + 1] = X.data[i * k] + 1e-6 * X.data[i * k + 1];
  return X;
}

/** max |QᵀQ − I| and, with R = QᵀX, max |ln|R_ii| − logDiagonal_i| and the largest entry below R's diagonal. */
function check(X: Matrix, Q: Matrix, logDiagonal: Float64Array) {
  const { rows: n, cols: k } = X;
  let orth = 0;
  let diag = 0;
  let below = 0;
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let qq = 0;
      let r = 0;
      for (let i = 0; i < n; i++) {
        qq += Q.data[i * k + a] * Q.data[i * k + b];
        r += Q.data[i * k + a] * X.data[i * k + b];
      }
      orth = Math.max(orth, Math.abs(qq - (a === b ? 1 : 0)));
      if (a === b) diag = Math.max(diag, Math.abs(Math.log(Math.abs(r)) - logDiagonal[a]));
      if (a > b) below = Math.max(below, Math.abs(r));
    }
  return { orth, diag, below };
}

// A diagonal scaling of the columns would not do for the second: Cholesky QR is blind to it.
for (const [what, nearlyDependent, householderSteps] of [
  ['well conditioned: Cholesky QR', false, 0],
  ['two columns 1e-6 from parallel: Householder', true, 1],
] as const) {
  test(`QR of 40 × 4 directions, ${what}`, () => {
    const X = gaussian(40, 4, 3, nearlyDependent);
    const Q: Matrix = { rows: 40, cols: 4, data: Float64Array.from(X.data) };
    const logDiagonal = new Float64Array(4);
    const qr = orthonormalizer();
    qr.run(Q, logDiagonal);
    assert.equal(qr.householderSteps, householderSteps);
    const c = check(X, Q, logDiagonal);
    assert.ok(c.orth < 1e-14 && c.diag < 1e-9 && c.below < 1e-12, JSON.stringify(c));
  });
}

test('Householder QR alone: the same R diagonal as Cholesky QR on well-conditioned directions', () => {
  const X = gaussian(30, 5, 8);
  const a = { rows: 30, cols: 5, data: Float64Array.from(X.data) };
  const b = { rows: 30, cols: 5, data: Float64Array.from(X.data) };
  const la = new Float64Array(5);
  const lb = new Float64Array(5);
  householderQr(a, la);
  orthonormalizer().run(b, lb);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(la[i] - lb[i]) < 1e-13, `${la[i]} ${lb[i]}`);
});

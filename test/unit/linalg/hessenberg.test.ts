import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reduceToHessenberg } from '../../../src/core/linalg/hessenberg';
import { vectorNorm } from '../../../src/core/linalg/matrix';
import { randomMatrix } from './helpers';

describe('reduceToHessenberg', () => {
  for (const n of [1, 2, 3, 10, 97, 131, 260]) {
    it(`n = ${n}: Hessenberg, orthogonally similar (Frobenius norm and trace kept), blocked = unblocked`, () => {
      const a = randomMatrix(n, n, n);
      const blocked = new Float64Array(a.data);
      const plain = new Float64Array(a.data);
      reduceToHessenberg(blocked, n);
      reduceToHessenberg(plain, n, () => {}, false);
      const norm = vectorNorm(a.data);
      for (let i = 0; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(blocked[i * n + j], 0, `(${i}, ${j})`);
      assert.ok(Math.abs(vectorNorm(blocked) - norm) <= 1e-13 * norm, 'Frobenius norm');
      let traceA = 0;
      let traceH = 0;
      for (let i = 0; i < n; i++) {
        traceA += a.data[i * n + i];
        traceH += blocked[i * n + i];
      }
      assert.ok(Math.abs(traceA - traceH) <= 1e-12 * norm, `trace ${traceA} vs ${traceH}`);
      // The same reflectors either way, so the same H up to rounding.
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(blocked[i] - plain[i]));
      assert.ok(diff <= 1e-12 * norm, `blocked vs unblocked: ${diff}`);
    });
  }
  it('keeps an already upper triangular matrix as it is', () => {
    const n = 140;
    const a = randomMatrix(n, n, 1);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[i * n + j] = 0;
    const h = new Float64Array(a.data);
    reduceToHessenberg(h, n);
    assert.deepEqual(h, a.data);
  });
  it('polls for cancellation', () => {
    const h = randomMatrix(200, 200, 2).data;
    assert.throws(
      () =>
        reduceToHessenberg(h, 200, () => {
          throw new Error('cancel');
        }),
      /cancel/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wasmMatVec } from '../../../src/core/linalg/gemv-wasm';
import { matTVec, matVec } from '../../../src/core/linalg/matrix';
import { randomMatrix, seededRandom } from './helpers';

describe('wasmMatVec (SIMD y = A x, y = Aᵀ x) vs the plain loops', () => {
  for (const [m, n] of [
    [1, 1],
    [3, 5],
    [17, 4],
    [4, 17],
    [65, 130],
    [130, 65],
  ]) {
    it(`${m}×${n}`, () => {
      const a = randomMatrix(m, n, m * 7 + n);
      const rand = seededRandom(m + n);
      const x = Float64Array.from({ length: n }, rand);
      const u = Float64Array.from({ length: m }, rand);
      const mv = wasmMatVec(a.data, m, n);
      assert.ok(mv, 'SIMD available');
      const y = new Float64Array(m);
      const z = new Float64Array(n);
      // Twice, so stale buffer contents would show.
      for (let rep = 0; rep < 2; rep++) {
        mv.mul(x, y);
        mv.mulTransposed(u, z);
        const yRef = matVec(a, x);
        const zRef = matTVec(a, u);
        for (let i = 0; i < m; i++) assert.ok(Math.abs(y[i] - yRef[i]) <= 2 * n * Number.EPSILON * n, `y[${i}]`);
        for (let j = 0; j < n; j++) assert.ok(Math.abs(z[j] - zRef[j]) <= 2 * m * Number.EPSILON * m, `z[${j}]`);
      }
    });
  }
  it('declines empty matrices', () => {
    assert.equal(wasmMatVec(new Float64Array(0), 0, 3), null);
  });
});

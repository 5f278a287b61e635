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
  it('stats: the largest |entry| and Σ squares of the stored copy (padding ignored), NaN when an entry is NaN', () => {
    for (const [m, n] of [
      [1, 1],
      [7, 5],
      [65, 130],
    ]) {
      const a = randomMatrix(m, n, m + 3 * n);
      a.data[Math.floor(a.data.length / 2)] = -4.5; // the largest |entry|, negative
      const mv = wasmMatVec(a.data, m, n);
      assert.ok(mv, 'SIMD available');
      let sumSq = 0;
      let maxAbs = 0;
      for (const x of a.data) {
        sumSq += x * x;
        maxAbs = Math.max(maxAbs, Math.abs(x));
      }
      const stats = mv.stats();
      assert.equal(stats.maxAbs, maxAbs, `${m}×${n} max`);
      assert.ok(Math.abs(stats.sumSq - sumSq) <= 4 * a.data.length * Number.EPSILON * sumSq, `${m}×${n} Σ squares`);
      const bad = Float64Array.from(a.data);
      bad[bad.length - 1] = NaN;
      mv.load(bad);
      assert.ok(Number.isNaN(mv.stats().maxAbs), `${m}×${n} NaN`);
    }
  });
  it("a second buffer keeps its copy while the first is reused (a pass's weights beside Lanczos)", () => {
    const w = randomMatrix(40, 30, 2);
    const steps = wasmMatVec(w.data, 40, 30, 'steps');
    const other = randomMatrix(50, 50, 3);
    wasmMatVec(other.data, 50, 50);
    const x = Float64Array.from({ length: 30 }, seededRandom(4));
    const y = new Float64Array(40);
    steps!.mul(x, y);
    const yRef = matVec(w, x);
    for (let i = 0; i < 40; i++) assert.ok(Math.abs(y[i] - yRef[i]) <= 1e-13, `y[${i}]`);
  });
});

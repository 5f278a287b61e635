// RowProduct: rows of (A·diag(w))·B against a plain triple loop, and the same bits however the rows are split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RowProduct } from '../../../src/core/linalg/row-product';
import { assertClose } from '../helpers';
import { randomMatrix } from './helpers';

function reference(a: Float64Array, w: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * w[p] * b[p * n + j];
      c[i * n + j] = s;
    }
  return c;
}

// k = 300 takes two depth blocks (KC = 256), m = 150 three row blocks (64 rows), n = 45 a padded column panel.
for (const [m, k, n] of [
  [150, 300, 45],
  [7, 5, 3],
  [130, 130, 130],
] as const) {
  for (const javascriptOnly of [false, true]) {
    test(`rows of (A·diag(w))·B, ${m}×${k} by ${k}×${n}${javascriptOnly ? ', JavaScript kernel' : ''}: as a triple loop, Σ squares included`, () => {
      const a = randomMatrix(m, k, 1).data;
      const b = randomMatrix(k, n, 2).data;
      const w = randomMatrix(1, k, 3).data;
      const product = new RowProduct(b, k, n, { javascriptOnly });
      assert.equal(product.simd, !javascriptOnly);
      const c = new Float64Array(m * n);
      const sumSq = product.rows(a, w, 0, m, c);
      const expected = reference(a, w, b, m, k, n);
      expected.forEach((v, i) => assertClose(c[i], v, 1e-12, `c[${i}]`, 1e-13));
      assertClose(
        sumSq,
        expected.reduce((s, v) => s + v * v, 0),
        1e-12,
        'Σ c²',
      );

      // Any split into row ranges gives exactly the same rows.
      const pieces = new Float64Array(m * n);
      let pieceSum = 0;
      const cuts = [0, Math.floor(m / 5), Math.floor(m / 2), m - 1, m];
      for (let i = 0; i + 1 < cuts.length; i++) pieceSum += product.rows(a, w, cuts[i], cuts[i + 1], pieces);
      assert.deepEqual(pieces, c);
      assertClose(pieceSum, sumSq, 1e-14, 'Σ c² in pieces');
    });
  }
}

test('B is packed once: changing it afterwards does not change the product (SIMD path)', () => {
  const b = randomMatrix(20, 20, 4).data;
  const a = randomMatrix(20, 20, 5).data;
  const w = new Float64Array(20).fill(1);
  const product = new RowProduct(b, 20, 20);
  const before = new Float64Array(400);
  product.rows(a, w, 0, 20, before);
  b.fill(0);
  const after = new Float64Array(400);
  product.rows(a, w, 0, 20, after);
  assert.deepEqual(after, before);
});

test('the SIMD and JavaScript micro-kernels give the same bits, Σ squares included', () => {
  const [m, k, n] = [70, 300, 37];
  const a = randomMatrix(m, k, 6).data;
  const b = randomMatrix(k, n, 7).data;
  const w = randomMatrix(1, k, 8).data;
  const simd = new Float64Array(m * n);
  const js = new Float64Array(m * n);
  const simdSum = new RowProduct(b, k, n).rows(a, w, 3, m, simd);
  const jsSum = new RowProduct(b, k, n, { javascriptOnly: true }).rows(a, w, 3, m, js);
  assert.deepEqual(simd, js);
  assert.equal(simdSum, jsSum);
});

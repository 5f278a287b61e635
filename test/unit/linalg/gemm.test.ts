import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gemm } from '../../../src/core/linalg/gemm';
import { BlockedProduct, copyRowWithSumOfSquares } from '../../../src/core/linalg/blocked-product';
import { newWasmKernel, wasmGemmAvailable } from '../../../src/core/linalg/gemm-wasm';
import { matMul, zeros, type Matrix } from '../../../src/core/linalg/matrix';
import { warmUpLinalg } from '../../../src/core/linalg/warmup';
import { randomMatrix } from './helpers';

/** |C − A·B| ≤ 2k·ε·(|A||B|) entrywise: the standard bound for any summation order. */
function assertProductClose(c: Matrix, a: Matrix, b: Matrix, label: string): void {
  const ref = matMul(a, b);
  const absA = { ...a, data: a.data.map(Math.abs) };
  const absB = { ...b, data: b.data.map(Math.abs) };
  const bound = matMul(absA, absB);
  assert.equal(c.rows, a.rows);
  assert.equal(c.cols, b.cols);
  for (let i = 0; i < ref.data.length; i++) {
    const tol = 2 * a.cols * Number.EPSILON * bound.data[i];
    assert.ok(Math.abs(c.data[i] - ref.data[i]) <= tol, `${label}: entry ${i}: ${c.data[i]} vs ${ref.data[i]}`);
  }
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 3, 3],
  [17, 17, 17],
  [65, 65, 65],
  [130, 130, 130],
  [1, 7, 1],
  [5, 1, 9],
  [2, 300, 3],
  [130, 17, 65],
  [65, 257, 33],
  [300, 5, 270],
];

describe('gemm vs the plain matMul', () => {
  it('WebAssembly SIMD is available in this Node (so the fast path is the one tested)', () => {
    assert.equal(wasmGemmAvailable(), true);
  });
  for (const javascriptOnly of [false, true]) {
    const kernel = javascriptOnly ? 'JS kernel' : 'default kernel';
    for (const [m, k, n] of shapes) {
      it(`${kernel}: ${m}×${k} · ${k}×${n}`, () => {
        const a = randomMatrix(m, k, m * 1000 + k);
        const b = randomMatrix(k, n, n * 1000 + k + 1);
        assertProductClose(gemm(a, b, undefined, { javascriptOnly }), a, b, `${m}x${k}x${n}`);
      });
    }
  }
  it('the plain SIMD and JS kernels give bit-identical results (same summation order)', () => {
    const a = randomMatrix(130, 300, 8);
    const b = randomMatrix(300, 70, 9);
    const kernel = newWasmKernel('plain');
    assert.ok(kernel);
    const simd = new Float64Array(130 * 70);
    BlockedProduct.pack(kernel, b.data, 300, 70)?.rows(a.data, 0, 130, simd);
    assert.deepEqual(simd, gemm(a, b, undefined, { javascriptOnly: true }).data);
  });
  it('overwrites a given output, repeatedly (no accumulation across calls)', () => {
    const a = randomMatrix(33, 40, 1);
    const b = randomMatrix(40, 29, 2);
    const c = zeros(33, 29);
    c.data.fill(7);
    gemm(a, b, c);
    gemm(a, b, c);
    assertProductClose(c, a, b, 'reuse');
    // A larger product in between must not leave stale values in the kernel's buffers.
    gemm(randomMatrix(300, 300, 3), randomMatrix(300, 300, 4));
    assertProductClose(gemm(a, b, c), a, b, 'after large');
  });
  it('inner dimension 0 gives zeros; empty outputs are fine', () => {
    const c = gemm(zeros(3, 0), zeros(0, 4));
    assert.deepEqual(Array.from(c.data), new Array(12).fill(0));
    assert.equal(gemm(zeros(0, 3), zeros(3, 5)).data.length, 0);
    assert.equal(gemm(zeros(4, 3), zeros(3, 0)).data.length, 0);
  });
  it('rejects mismatched shapes and an output that aliases an operand', () => {
    assert.throws(() => gemm(zeros(2, 3), zeros(2, 3)), /2×3 times 2×3/);
    assert.throws(() => gemm(zeros(2, 3), zeros(3, 2), zeros(3, 3)), /output is 3×3/);
    const a = randomMatrix(4, 4, 5);
    assert.throws(() => gemm(a, a, a), /shares storage/);
  });
  it('special values propagate like the plain product (Inf, NaN)', () => {
    const a = randomMatrix(6, 6, 6);
    a.data[7] = Infinity;
    const b = randomMatrix(6, 6, 7);
    const c = gemm(a, b);
    const ref = matMul(a, b);
    for (let i = 0; i < 36; i++) assert.equal(Number.isNaN(c.data[i]), Number.isNaN(ref.data[i]), `entry ${i}`);
  });
});

describe('warmUpLinalg', () => {
  it('runs every kernel without error and returns a finite number', () => {
    assert.ok(Number.isFinite(warmUpLinalg(1)));
  });
});

describe("copyRowWithSumOfSquares (the products' epilogue)", () => {
  it('copies every value and sums their squares, for every tail length', () => {
    const src = randomMatrix(1, 40, 9).data;
    for (let n = 0; n <= 11; n++) {
      const dst = new Float64Array(50).fill(-1);
      const sum = copyRowWithSumOfSquares(src, 3, dst, 5, n);
      assert.deepEqual(Array.from(dst.subarray(5, 5 + n)), Array.from(src.subarray(3, 3 + n)), `n = ${n}`);
      assert.ok(dst[4] === -1 && dst[5 + n] === -1, `n = ${n}: nothing written outside`);
      const exact = Array.from(src.subarray(3, 3 + n)).reduce((a, v) => a + v * v, 0);
      assert.ok(Math.abs(sum - exact) <= 4 * Number.EPSILON * exact, `n = ${n}: ${sum} vs ${exact}`);
    }
  });
});

// A fixed left operand packed once (packed-left.ts): every row equals the plain triple loop's to rounding, and
// has exactly the bits gemm gives it (the Lyapunov run's one- and two-thread paths rely on the row bits only).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KC } from '../../../src/core/linalg/blocked-product';
import { gemm } from '../../../src/core/linalg/gemm';
import { newJavascriptKernel } from '../../../src/core/linalg/gemm-js';
import { newWasmKernel } from '../../../src/core/linalg/gemm-wasm';
import { PackedLeft } from '../../../src/core/linalg/packed-left';
import { SeededNormal } from '../../../src/core/random';

const random = (length: number, rng: SeededNormal) => Float64Array.from({ length }, () => rng.normal());

for (const [m, k, n] of [
  [70, 37, 13],
  [130, KC + 45, 64],
  [33, 5, 1],
]) {
  test(`rows of A·B with A ${m}×${k} packed once, B ${k}×${n} packed per product: gemm's bits, the loop's values`, () => {
    const rng = new SeededNormal(m + k + n);
    const A = random(m * k, rng);
    for (const [name, kernel] of [
      ['SIMD', newWasmKernel()],
      ['JavaScript', newJavascriptKernel()],
    ] as const) {
      if (!kernel) continue;
      const packed = PackedLeft.pack(kernel, A, m, k);
      assert.ok(packed, name);
      for (let product = 0; product < 2; product++) {
        const B = random(k * n, rng);
        assert.ok(packed.packRight(B, n));
        const whole = gemm({ rows: m, cols: k, data: A }, { rows: k, cols: n, data: B }, undefined, {
          javascriptOnly: !kernel.simd,
        });
        // In chunks of 32 rows, as a Lyapunov task cuts them.
        const C = new Float64Array(m * n);
        for (let r0 = 0; r0 < m; r0 += 32) packed.rows(r0, Math.min(m, r0 + 32), C.subarray(r0 * n));
        C.forEach((v, i) =>
          assert.ok(v === whole.data[i], `${name}: entry ${i}: ${v} against gemm's ${whole.data[i]}`),
        );
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
            assert.ok(Math.abs(C[i * n + j] - s) <= 1e-12 * k, `${name}: (${i}, ${j})`);
          }
      }
    }
  });
}

test('rows from an offset that is not a multiple of the register tile are refused, not computed wrong', () => {
  const kernel = newJavascriptKernel();
  const packed = PackedLeft.pack(kernel, new Float64Array(8 * 3), 8, 3)!;
  packed.packRight(new Float64Array(3 * 2), 2);
  assert.throws(() => packed.rows(1, 5, new Float64Array(8)), RangeError);
});

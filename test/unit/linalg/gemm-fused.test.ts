// The relaxed-SIMD (f64x2.relaxed_madd) product kernel. Node 20 has relaxed SIMD behind a V8 flag, which this
// file sets for its own process before any kernel is assembled, so the kernel VS Code's newer runtime picks by
// default is tested here too: against the plain triple loop with the rounding bound, across row splits and
// across the helper thread, bit for bit.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { BlockedProduct } from '../../../src/core/linalg/blocked-product';
import { gemm, packForRows } from '../../../src/core/linalg/gemm';
import { gemmKernelName, newWasmKernel, relaxedSimdAvailable } from '../../../src/core/linalg/gemm-wasm';
import { matMul, type Matrix } from '../../../src/core/linalg/matrix';
import { EigenvalueTask, helperThread, rowSplitterWith, sharedCopy } from '../../../src/core/parallel/helper';
import { jacobianCurve } from '../../../src/core/rnn/jacobian';
import { SeededNormal } from '../../../src/core/random';
import { randomMatrix } from './helpers';

setFlagsFromString('--experimental-wasm-relaxed-simd');

/** |C − A·B| ≤ 2k·ε·(|A||B|) entrywise: the standard bound for any summation order, fused or not. */
function assertProductClose(c: Float64Array, a: Matrix, b: Matrix, label: string): void {
  const ref = matMul(a, b);
  const bound = matMul({ ...a, data: a.data.map(Math.abs) }, { ...b, data: b.data.map(Math.abs) });
  for (let i = 0; i < ref.data.length; i++) {
    const tol = 2 * a.cols * Number.EPSILON * bound.data[i];
    assert.ok(Math.abs(c[i] - ref.data[i]) <= tol, `${label}: entry ${i}: ${c[i]} vs ${ref.data[i]}`);
  }
}

function fusedProduct(a: Matrix, b: Matrix, i0 = 0, i1 = a.rows, c = new Float64Array(a.rows * b.cols)): Float64Array {
  const kernel = newWasmKernel('fused');
  assert.ok(kernel, 'the fused kernel assembles and instantiates');
  assert.equal(kernel.fused, true);
  const product = BlockedProduct.pack(kernel, b.data, b.rows, b.cols);
  assert.ok(product);
  product.rows(a.data, i0, i1, c);
  return c;
}

test('relaxed SIMD is detected once the runtime accepts it, and becomes the default kernel', () => {
  assert.equal(relaxedSimdAvailable(), true);
  assert.match(gemmKernelName(), /relaxed_madd/);
  assert.equal(packForRows(new Float64Array(4), 2, 2, { kernel: 'own' }).kernel.fused, true);
  assert.equal(newWasmKernel('plain')?.fused, false);
});

// k = 300 takes two depth slices, m = 150 three row blocks, n = 45 a padded column panel.
for (const [m, k, n] of [
  [1, 1, 1],
  [17, 17, 17],
  [150, 300, 45],
  [130, 130, 130],
  [5, 1, 9],
  [300, 5, 270],
] as const) {
  test(`fused kernel: ${m}×${k} · ${k}×${n} within the rounding bound of the triple loop`, () => {
    const a = randomMatrix(m, k, m * 1000 + k);
    const b = randomMatrix(k, n, n * 1000 + k + 1);
    assertProductClose(fusedProduct(a, b), a, b, `${m}x${k}x${n}`);
  });
}

test('fused kernel: any split of the rows gives the same bits, and gemm agrees with the JavaScript kernel closely', () => {
  const a = randomMatrix(150, 300, 8);
  const b = randomMatrix(300, 70, 9);
  const whole = fusedProduct(a, b);
  const pieces = new Float64Array(150 * 70);
  for (const [i0, i1] of [
    [0, 33],
    [33, 100],
    [100, 149],
    [149, 150],
  ])
    fusedProduct(a, b, i0, i1, pieces);
  assert.deepEqual(pieces, whole);
  assert.deepEqual(gemm(a, b).data, whole);
  const js = gemm(a, b, undefined, { javascriptOnly: true }).data;
  assertProductClose(js, a, b, 'JavaScript kernel');
});

test('fused kernel: the Jacobian curve is the same bit for bit with the helper thread as on one thread', async () => {
  const helper = helperThread();
  assert.ok(helper, 'a helper thread starts on this machine (2 cores)');
  const task = new EigenvalueTask(sharedCopy(new Float64Array([2])), 1, helper);
  for (let waited = 0; task.state === 'pending' && waited < 20_000; waited += 20) await sleep(20);
  task.take(() => assert.fail('computed here'));
  const n = 200;
  const rng = new SeededNormal(1);
  const w = { rows: n, cols: n, data: Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n)) };
  const derivative = Array.from({ length: 60 }, () =>
    Float64Array.from({ length: n }, () => 0.5 + 0.5 * rng.uniform()),
  );
  const shared = jacobianCurve(w, derivative, 60, undefined, { rowSplitter: rowSplitterWith(helper) });
  const alone = jacobianCurve(w, derivative, 60);
  assert.deepEqual(shared.log10Frobenius, alone.log10Frobenius);
});

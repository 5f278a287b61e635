import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { eigenvalues, type Eigenvalue } from '../../../src/core/linalg/eigen';
import { eigenWorkspace, wasmEigenAvailable } from '../../../src/core/linalg/eigen-wasm';
import { francisSweep, shiftPair } from '../../../src/core/linalg/francis';
import { reduceToHessenberg } from '../../../src/core/linalg/hessenberg';
import type { Matrix } from '../../../src/core/linalg/matrix';
import { schurInPlace } from '../../../src/core/linalg/schur';
import { assertSameMultiset, randomMatrix } from './helpers';

interface Case {
  name: string;
  rows: number;
  cols: number;
  ints: number[];
  rowExp: number[];
  colExp: number[];
  eigenvalues: [number, number][];
  tol: number;
}

/** Cases written by scripts/fixtures/eigen-wasm.py (numpy/LAPACK dgeev), A[i][j] = ints · 2^(rowExp_i + colExp_j). */
function loadCases(): Case[] {
  const path = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'linalg', 'eigen-wasm.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[] }).cases;
}

function caseMatrix(c: Case): Matrix {
  const data = new Float64Array(c.rows * c.cols);
  for (let i = 0; i < c.rows; i++)
    for (let j = 0; j < c.cols; j++) data[i * c.cols + j] = c.ints[i * c.cols + j] * 2 ** (c.rowExp[i] + c.colExp[j]);
  return { rows: c.rows, cols: c.cols, data };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, label: string): void {
  assert.equal(a.length, b.length, `${label}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${label}: entry ${i} is ${a[i]} against ${b[i]}`);
  }
}

function sameEigenvalues(a: Eigenvalue[], b: Eigenvalue[], label: string): void {
  sameBits(a.flat(), b.flat(), label);
}

/** A random upper Hessenberg matrix (entries under the subdiagonal zero). */
function randomHessenberg(n: number, seed: number): Float64Array {
  const h = randomMatrix(n, n, seed).data;
  for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);
  return h;
}

describe('eigenvalues in WebAssembly', () => {
  it('runs here (Node has WebAssembly SIMD)', () => {
    assert.ok(wasmEigenAvailable());
    assert.ok(eigenWorkspace(8));
  });

  describe('vs numpy.linalg.eigvals (LAPACK dgeev), tolerance from each case’s conditioning', () => {
    for (const c of loadCases()) {
      it(c.name, () => {
        const a = caseMatrix(c);
        assertSameMultiset(eigenvalues(a), c.eigenvalues, c.tol, `${c.name} (WebAssembly)`);
        assertSameMultiset(eigenvalues(a, { javascriptOnly: true }), c.eigenvalues, c.tol, `${c.name} (JavaScript)`);
      });
    }
  });

  it('the same bits as the JavaScript loops where both run the same reduction (n < 98: unblocked; no AED)', () => {
    for (const n of [1, 2, 3, 7, 40, 97]) {
      const a = randomMatrix(n, n, 100 + n);
      sameEigenvalues(eigenvalues(a), eigenvalues(a, { javascriptOnly: true }), `n = ${n}`);
    }
  });

  it('agrees with the JavaScript path to rounding where the reductions differ (n = 150, 300: blocked JavaScript)', () => {
    for (const n of [150, 300]) {
      const a = randomMatrix(n, n, 7 * n);
      const js = eigenvalues(a, { javascriptOnly: true });
      // Random ±1 entries: ‖A‖_F ≈ n/√3; well-conditioned eigenvalues agree far inside this.
      assertSameMultiset(eigenvalues(a), js, 1e-9 * n, `n = ${n}`);
    }
  });

  it('each kernel gives the JavaScript twin’s bits: Hessenberg columns, one sweep, a window’s Schur form', () => {
    const n = 70;
    const a = randomMatrix(n, n, 5).data;
    const w = eigenWorkspace(n)!;
    w.h.set(a);
    reduceToHessenberg(
      w.h,
      n,
      () => {},
      false,
      (from, to, poll) => w.reduceColumns(from, to, poll),
    );
    const js = Float64Array.from(a);
    reduceToHessenberg(js, n, () => {}, false);
    sameBits(w.h, js, 'Hessenberg');

    // The blocked reduction (n ≥ 1100 in eigenvalues) with the kernel for its last columns.
    const big = 230;
    const b = randomMatrix(big, big, 8).data;
    const wb = eigenWorkspace(big)!;
    wb.h.set(b);
    reduceToHessenberg(
      wb.h,
      big,
      () => {},
      true,
      (from, to, poll) => wb.reduceColumns(from, to, poll),
    );
    const jb = Float64Array.from(b);
    reduceToHessenberg(jb, big, () => {}, true);
    sameBits(wb.h, jb, 'blocked Hessenberg');

    const w2 = eigenWorkspace(n)!; // the views of w are stale after a larger workspace
    const h = randomHessenberg(n, 6);
    w2.h.set(h);
    const [sa, sb, sc, sd] = shiftPair(h, n, 3, n - 2, 1);
    w2.sweep(3, n - 2, sa, sb, sc, sd);
    francisSweep(h, n, 3, n - 2, sa, sb, sc, sd, null);
    sameBits(w2.h, h, 'sweep');

    for (const m of [5, 33, 64]) {
      const t = randomHessenberg(m, m);
      const z = new Float64Array(m * m);
      for (let i = 0; i < m; i++) z[i * m + i] = 1;
      const t2 = Float64Array.from(t);
      const z2 = Float64Array.from(z);
      assert.equal(w2.schur(t, m, z), true);
      assert.equal(schurInPlace(t2, m, z2), true);
      sameBits(t, t2, `Schur T, m = ${m}`);
      sameBits(z, z2, `Schur Z, m = ${m}`);
    }
  });

  it('polls for cancellation during the QR loop and the reduction, and a cancelled call leaves no state behind', () => {
    const a = randomMatrix(300, 300, 3);
    assert.throws(() => eigenvalues(a, { shouldStop: () => true }), CancelledError);
    let calls = 0;
    const expected = eigenvalues(a);
    eigenvalues(a, { checkCancel: () => void calls++ });
    assert.ok(calls > 40, `polled ${calls} times`);
    // Stop deep inside the QR loop (past the reduction's polls), then compute again.
    let left = calls - 5;
    assert.throws(
      () =>
        eigenvalues(a, {
          shouldStop: () => --left <= 0,
        }),
      CancelledError,
    );
    sameEigenvalues(eigenvalues(a), expected, 'after a cancelled call');
  });

  it('throws past maxSweeps as the JavaScript does', () => {
    const a = randomMatrix(120, 120, 9);
    assert.throws(() => eigenvalues(a, { maxSweeps: 3 }), /did not converge after 3 sweeps/);
    assert.throws(() => eigenvalues(a, { maxSweeps: 3, javascriptOnly: true }), /did not converge after 3 sweeps/);
  });
});

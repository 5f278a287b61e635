import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { eigenvalues, spectralRadius, type Eigenvalue } from '../../../src/core/linalg/eigen';
import { frobeniusNorm, fromRows, identity, matMul, zeros, type Matrix } from '../../../src/core/linalg/matrix';
import { assertSameMultiset, fixtureMatrix, loadFixture, randomMatrix, seededRandom } from './helpers';

/** Orthogonal and symmetric: I − 2uuᵀ/uᵀu, its own inverse. */
function householder(n: number, seed: number): Matrix {
  const rand = seededRandom(seed);
  const u = Array.from({ length: n }, rand);
  const uu = u.reduce((s, x) => s + x * x, 0);
  const q = identity(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q.data[i * n + j] -= (2 * u[i] * u[j]) / uu;
  return q;
}

/** A unit lower triangular L and its inverse (forward substitution, column by column). */
function unitLower(n: number, seed: number): { l: Matrix; inv: Matrix } {
  const rand = seededRandom(seed);
  const l = identity(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) l.data[i * n + j] = 0.5 * rand();
  const inv = zeros(n, n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let j = 0; j < i; j++) s -= l.data[i * n + j] * inv.data[j * n + c];
      inv.data[i * n + c] = s;
    }
  }
  return { l, inv };
}

/** Block diagonal: 1×1 blocks for real eigenvalues, [[a, −b], [b, a]] for a ± bi. */
function blockDiagonal(spectrum: readonly Eigenvalue[]): Matrix {
  const n = spectrum.length;
  const d = zeros(n, n);
  for (let i = 0; i < n; i++) {
    const [re, im] = spectrum[i];
    d.data[i * n + i] = re;
    if (im > 0) {
      d.data[i * n + i + 1] = -im;
      d.data[(i + 1) * n + i] = im;
      d.data[(i + 1) * n + i + 1] = re;
      i++;
    }
  }
  return d;
}

/** Companion matrix of ∏(x − r): coefficients by expanding the product (independent of the solver). */
function companionOfRoots(roots: number[]): Matrix {
  let c = [1];
  for (const r of roots) {
    const next = new Array<number>(c.length + 1).fill(0);
    for (let i = 0; i < c.length; i++) {
      next[i] += c[i];
      next[i + 1] -= r * c[i];
    }
    c = next;
  }
  const n = roots.length;
  const m = zeros(n, n);
  for (let i = 1; i < n; i++) m.data[i * n + i - 1] = 1;
  for (let i = 0; i < n; i++) m.data[i * n + n - 1] = -c[n - i];
  return m;
}

function assertSortedWithPairs(eigs: Eigenvalue[], label: string): void {
  for (let i = 1; i < eigs.length; i++) {
    const prev = Math.hypot(...eigs[i - 1]);
    const cur = Math.hypot(...eigs[i]);
    assert.ok(cur <= prev * (1 + 1e-12), `${label}: not sorted at ${i}`);
  }
  for (let i = 0; i < eigs.length; i++) {
    if (eigs[i][1] === 0) continue;
    assert.ok(eigs[i][1] > 0, `${label}: pair at ${i} must start with the positive imaginary part`);
    assert.deepEqual(eigs[i + 1], [eigs[i][0], -eigs[i][1]], `${label}: conjugate must follow at ${i + 1}`);
    i++;
  }
}

describe('eigenvalues: small and degenerate inputs', () => {
  it('n = 0, 1, 2', () => {
    assert.deepEqual(eigenvalues(zeros(0, 0)), []);
    assert.deepEqual(eigenvalues(fromRows([[-3.5]])), [[-3.5, 0]]);
    // [[1, 2], [3, 4]]: (5 ± √33) / 2
    assertSameMultiset(
      eigenvalues(
        fromRows([
          [1, 2],
          [3, 4],
        ]),
      ),
      [
        [(5 + Math.sqrt(33)) / 2, 0],
        [(5 - Math.sqrt(33)) / 2, 0],
      ],
      1e-14,
      '2x2',
    );
  });
  it('zero matrix', () => {
    assert.deepEqual(
      eigenvalues(zeros(5, 5)),
      Array.from({ length: 5 }, () => [0, 0]),
    );
  });
  it('nearly reducible: a 1e-300 coupling does not make balancing overflow', () => {
    const n = 6;
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a.data[i * n + j] = 1 + i + 2 * j;
    a.data[(n - 1) * n] = 1e-300;
    const diag: Eigenvalue[] = Array.from({ length: n }, (_, i) => [1 + 3 * i, 0]);
    assertSameMultiset(eigenvalues(a), diag, 1e-12, 'nearly triangular');
  });
  it('rejects non-square and non-finite input', () => {
    assert.throws(() => eigenvalues(zeros(2, 3)), /not square/);
    assert.throws(
      () =>
        eigenvalues(
          fromRows([
            [1, NaN],
            [0, 1],
          ]),
        ),
      /entry \(0, 1\) is NaN/,
    );
  });
});

describe('eigenvalues: known spectra', () => {
  it('triangular matrices give their diagonal', () => {
    const n = 12;
    const a = randomMatrix(n, n, 3);
    const upper = zeros(n, n);
    const lower = zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) upper.data[i * n + j] = a.data[i * n + j];
      for (let j = 0; j <= i; j++) lower.data[i * n + j] = a.data[i * n + j];
    }
    const diag = (m: Matrix): Eigenvalue[] => Array.from({ length: n }, (_, i) => [m.data[i * n + i], 0]);
    assertSameMultiset(eigenvalues(upper), diag(upper), 1e-14, 'upper');
    // A random triangular matrix is far from normal: its eigenvalues are sensitive, so allow more.
    assertSameMultiset(eigenvalues(lower), diag(lower), 1e-10, 'lower');
  });
  it('rotations give r·e^{±iθ}', () => {
    for (const [theta, r] of [
      [0.3, 1],
      [Math.PI / 2, 2],
      [2.9, 0.5],
    ]) {
      const m = fromRows([
        [r * Math.cos(theta), -r * Math.sin(theta)],
        [r * Math.sin(theta), r * Math.cos(theta)],
      ]);
      const e = eigenvalues(m);
      assertSortedWithPairs(e, 'rotation');
      assertSameMultiset(
        e,
        [
          [r * Math.cos(theta), r * Math.sin(theta)],
          [r * Math.cos(theta), -r * Math.sin(theta)],
        ],
        1e-15 * 4,
        'rotation',
      );
    }
  });
  it('companion matrices give the polynomial roots', () => {
    const roots = [1, 2, 3, 4, 5, 6, -0.5];
    assertSameMultiset(
      eigenvalues(companionOfRoots(roots)),
      roots.map((r) => [r, 0]),
      1e-9,
      'companion',
    );
    // x^8 − 1: the 8th roots of unity
    const c = zeros(8, 8);
    for (let i = 1; i < 8; i++) c.data[i * 8 + i - 1] = 1;
    c.data[7] = 1;
    const unity: Eigenvalue[] = Array.from({ length: 8 }, (_, k) => [
      Math.cos((2 * Math.PI * k) / 8),
      Math.sin((2 * Math.PI * k) / 8),
    ]);
    const e = eigenvalues(c);
    assertSameMultiset(e, unity, 1e-13, 'roots of unity');
    assertSortedWithPairs(e, 'roots of unity');
  });
  it('repeated eigenvalues under an orthogonal similarity', () => {
    const spectrum: Eigenvalue[] = [
      [2, 0],
      [2, 0],
      [2, 0],
      [-1, 0],
      [-1, 0],
      [0.5, 0],
    ];
    const q = householder(6, 11);
    const a = matMul(matMul(q, blockDiagonal(spectrum)), q);
    assertSameMultiset(eigenvalues(a), spectrum, 1e-13, 'repeated');
  });
  it('defective (Jordan) blocks: eigenvalues to the expected ε^{1/k} accuracy', () => {
    const jordan = fromRows([
      [2, 1, 0, 0],
      [0, 2, 1, 0],
      [0, 0, 2, 0],
      [0, 0, 0, -1],
    ]);
    assertSameMultiset(
      eigenvalues(jordan),
      [
        [2, 0],
        [2, 0],
        [2, 0],
        [-1, 0],
      ],
      1e-15,
      'exact Jordan',
    );
    const q = householder(4, 5);
    const hidden = matMul(matMul(q, jordan), q);
    // A 3×3 Jordan block moves its eigenvalue by about ε^{1/3} ≈ 6e-6 under rounding-size perturbations.
    assertSameMultiset(
      eigenvalues(hidden),
      [
        [2, 0],
        [2, 0],
        [2, 0],
        [-1, 0],
      ],
      1e-4,
      'hidden Jordan',
    );
    const e = eigenvalues(hidden);
    const mean = (e[0][0] + e[1][0] + e[2][0]) / 3;
    assert.ok(Math.abs(mean - 2) < 1e-12, `the cluster's mean is well conditioned: ${mean}`);
  });
  it('block diagonal with complex pairs, hidden by a nonnormal similarity', () => {
    const spectrum: Eigenvalue[] = [
      [0.5, 1.5],
      [0.5, -1.5],
      [-2, 0],
      [-1, 0.25],
      [-1, -0.25],
      [1e-3, 0],
      [0, 1],
      [0, -1],
      [3, 0],
    ];
    const { l, inv } = unitLower(9, 21);
    const q = householder(9, 22);
    const s = matMul(l, q);
    const sInv = matMul(q, inv);
    const a = matMul(matMul(s, blockDiagonal(spectrum)), sInv);
    const e = eigenvalues(a);
    assertSameMultiset(e, spectrum, 1e-12, 'blocks');
    assertSortedWithPairs(e, 'blocks');
  });
  it('random 60×60 with a known similarity transform', () => {
    const rand = seededRandom(99);
    const spectrum: Eigenvalue[] = [];
    while (spectrum.length < 60) {
      if (spectrum.length < 58 && rand() > 0) {
        const re = rand();
        const im = Math.abs(rand()) + 0.01;
        spectrum.push([re, im], [re, -im]);
      } else spectrum.push([2 * rand(), 0]);
    }
    const { l, inv } = unitLower(60, 7);
    const q = householder(60, 8);
    const a = matMul(matMul(matMul(l, q), blockDiagonal(spectrum)), matMul(q, inv));
    const e = eigenvalues(a);
    assertSameMultiset(e, spectrum, 1e-9, 'similar');
    assertSortedWithPairs(e, 'similar');
  });
});

describe('eigenvalues: large matrices (blocked Hessenberg, aggressive early deflation)', () => {
  it('random 200×200 with a known nonnormal similarity transform', () => {
    const rand = seededRandom(123);
    const spectrum: Eigenvalue[] = [];
    while (spectrum.length < 200) {
      if (spectrum.length < 198 && rand() > -0.2) {
        const re = rand();
        const im = Math.abs(rand()) + 0.01;
        spectrum.push([re, im], [re, -im]);
      } else spectrum.push([2 * rand(), 0]);
    }
    const { l, inv } = unitLower(200, 9);
    const q = householder(200, 10);
    const a = matMul(matMul(matMul(l, q), blockDiagonal(spectrum)), matMul(q, inv));
    const e = eigenvalues(a);
    assertSameMultiset(e, spectrum, 1e-8, 'similar 200');
    assertSortedWithPairs(e, 'similar 200');
  });
  it('150×150 with five eigenvalues of multiplicity 30 (orthogonal similarity)', () => {
    const values = [3, -2, 1, 0.5, -0.25];
    const spectrum: Eigenvalue[] = values.flatMap((v) => Array.from({ length: 30 }, (): Eigenvalue => [v, 0]));
    const q = householder(150, 12);
    const q2 = householder(150, 13);
    const s = matMul(q, q2);
    const sT = matMul(q2, q);
    const a = matMul(matMul(s, blockDiagonal(spectrum)), sT);
    assertSameMultiset(eigenvalues(a), spectrum, 1e-12, 'repeated 150');
  });
});

describe('eigenvalues vs numpy.linalg.eigvals (LAPACK dgeev)', () => {
  for (const c of loadFixture('eigenvalues.json')) {
    it(c.name, () => {
      const a = fixtureMatrix(c);
      const e = eigenvalues(a);
      assertSameMultiset(e, c.eigenvalues!, 1e-10 * Math.max(frobeniusNorm(a), Number.MIN_VALUE), c.name);
      assertSortedWithPairs(e, c.name);
      const rho = Math.max(...c.eigenvalues!.map(([re, im]) => Math.hypot(re, im)));
      assert.ok(Math.abs(spectralRadius(e) - rho) <= 1e-10 * frobeniusNorm(a), `${c.name}: spectral radius`);
    });
  }
});

describe('eigenvalues: cancellation and the iteration cap', () => {
  const a = randomMatrix(40, 40, 1);
  it('shouldStop → CancelledError', () => {
    assert.throws(() => eigenvalues(a, { shouldStop: () => true }), CancelledError);
  });
  it('checkCancel can throw its own error, and is called more than once', () => {
    let calls = 0;
    // The JavaScript loop polls every sweep; the WebAssembly one every few million updated entries (a 40×40
    // matrix: once per 8 columns of the reduction and once in the QR loop; eigen-wasm.test.ts has a larger case).
    eigenvalues(a, { checkCancel: () => void calls++, javascriptOnly: true });
    assert.ok(calls > 5, `called ${calls} times`);
    calls = 0;
    eigenvalues(a, { checkCancel: () => void calls++ });
    assert.ok(calls >= 2, `called ${calls} times`);
    assert.throws(
      () =>
        eigenvalues(a, {
          checkCancel: () => {
            throw new Error('stop!');
          },
        }),
      /stop!/,
    );
  });
  it('the cyclic shift stagnates under Francis shifts: exceptional shifts (every 10th sweep) resolve it', () => {
    const n = 4;
    const cyclic = zeros(n, n);
    for (let i = 1; i < n; i++) cyclic.data[i * n + i - 1] = 1;
    cyclic.data[n - 1] = 1;
    // Before the first exceptional shift nothing deflates …
    assert.throws(() => eigenvalues(cyclic, { maxSweeps: 9 }), /did not converge/);
    // … and with them we get the 4th roots of unity.
    assertSameMultiset(
      eigenvalues(cyclic),
      [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ],
      1e-14,
      'cyclic',
    );
  });
  it('too few sweeps → a clear error, not a hang', () => {
    assert.throws(() => eigenvalues(a, { maxSweeps: 3 }), /did not converge after 3 sweeps/);
  });
  it('spectralRadius of an empty list is 0', () => {
    assert.equal(spectralRadius([]), 0);
    assert.equal(
      spectralRadius([
        [3, 4],
        [3, -4],
        [-1, 0],
      ]),
      5,
    );
  });
});

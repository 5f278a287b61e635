import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { matTVec, matVec, vectorNorm, zeros, type Matrix } from '../../../src/core/linalg/matrix';
import { sigmaMax, spectralNorm } from '../../../src/core/linalg/svd';
import { fixtureMatrix, loadFixture, randomMatrix, seededRandom } from './helpers';

function assertRelClose(actual: number, expected: number, rel: number, label: string): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${label}: ${actual} vs ${expected} (rel ${Math.abs(actual - expected) / Math.abs(expected)})`,
  );
}

/** A v = σ u and ‖Aᵀu − σ v‖ small, with unit u and v. */
function assertTriplet(a: Matrix, r: ReturnType<typeof spectralNorm>, label: string): void {
  assertRelClose(vectorNorm(r.rightVector), 1, 1e-13, `${label}: |v|`);
  assertRelClose(vectorNorm(r.leftVector), 1, 1e-13, `${label}: |u|`);
  const av = matVec(a, r.rightVector);
  const atu = matTVec(a, r.leftVector);
  for (let i = 0; i < a.rows; i++) av[i] -= r.value * r.leftVector[i];
  for (let j = 0; j < a.cols; j++) atu[j] -= r.value * r.rightVector[j];
  assert.ok(vectorNorm(av) <= 1e-12 * r.value, `${label}: ‖Av − σu‖ = ${vectorNorm(av)}`);
  assert.ok(vectorNorm(atu) <= 1e-12 * r.value, `${label}: ‖Aᵀu − σv‖ = ${vectorNorm(atu)}`);
}

describe('sigmaMax / spectralNorm vs numpy.linalg.norm(A, 2) (LAPACK)', () => {
  for (const c of loadFixture('singular-values.json')) {
    it(c.name, () => {
      const a = fixtureMatrix(c);
      assertRelClose(sigmaMax(a), c.norm2!, 1e-13, c.name);
      assertRelClose(c.singularValues![0], c.norm2!, 1e-15, `${c.name}: fixture consistency`);
      const r = spectralNorm(a);
      assertRelClose(r.value, c.norm2!, 1e-13, c.name);
      assertTriplet(a, r, c.name);
      assert.ok(r.steps <= Math.min(c.rows, c.cols), `${c.name}: ${r.steps} steps`);
    });
  }
});

describe('spectralNorm: special matrices', () => {
  it('rank one u vᵀ has σ = ‖u‖‖v‖, found in one or two steps', () => {
    const rand = seededRandom(4);
    const u = Array.from({ length: 40 }, rand);
    const v = Array.from({ length: 25 }, rand);
    const a = zeros(40, 25);
    for (let i = 0; i < 40; i++) for (let j = 0; j < 25; j++) a.data[i * 25 + j] = u[i] * v[j];
    const r = spectralNorm(a);
    assertRelClose(r.value, vectorNorm(u) * vectorNorm(v), 1e-14, 'rank 1');
    assert.ok(r.steps <= 2, `steps ${r.steps}`);
    assertTriplet(a, r, 'rank 1');
  });
  it('rank one at 1e-300: σ = 1e-300·‖u‖‖v‖ (no underflow)', () => {
    const rand = seededRandom(5);
    const u = Array.from({ length: 30 }, rand);
    const v = Array.from({ length: 30 }, rand);
    const a = zeros(30, 30);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) a.data[i * 30 + j] = 1e-300 * u[i] * v[j];
    assertRelClose(sigmaMax(a), 1e-300 * vectorNorm(u) * vectorNorm(v), 1e-13, 'tiny rank 1');
  });
  it('zero and empty matrices give 0 with unit vectors', () => {
    const r = spectralNorm(zeros(4, 3));
    assert.equal(r.value, 0);
    assert.equal(vectorNorm(r.rightVector), 1);
    assert.equal(vectorNorm(r.leftVector), 1);
    assert.equal(sigmaMax(zeros(0, 0)), 0);
    assert.equal(sigmaMax(zeros(3, 0)), 0);
  });
  it('tiny and huge scales: σ(c·A) = c·σ(A) for c = 2^±990', () => {
    const a = randomMatrix(20, 20, 8);
    const s = sigmaMax(a);
    for (const e of [-990, 990]) {
      const c = 2 ** e;
      const scaled = { rows: 20, cols: 20, data: a.data.map((x) => x * c) };
      assertRelClose(sigmaMax(scaled), s * c, 1e-14, `2^${e}`);
    }
  });
  it('a start orthogonal to the top singular vector still finds σ_max', () => {
    const n = 30;
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) a.data[i * n + i] = 1 - i / n; // σ_max = 1 along e_0
    const start = new Float64Array(n);
    start[1] = 1;
    const r = spectralNorm(a, { start });
    assertRelClose(r.value, 1, 1e-14, 'diagonal');
    assert.ok(Math.abs(r.rightVector[0]) > 1 - 1e-10);
  });
  it('warm starts (right or left vector) agree and need fewer steps', () => {
    const a = randomMatrix(150, 150, 12);
    const cold = spectralNorm(a);
    const b = { rows: 150, cols: 150, data: a.data.map((x, i) => x + 1e-3 * Math.sin(i)) };
    const coldB = spectralNorm(b);
    const warmRight = spectralNorm(b, { start: cold.rightVector });
    const warmLeft = spectralNorm(b, { startLeft: cold.leftVector });
    assertRelClose(warmRight.value, coldB.value, 1e-14, 'warm right');
    assertRelClose(warmLeft.value, coldB.value, 1e-14, 'warm left');
    assert.ok(warmRight.steps < coldB.steps, `warm ${warmRight.steps} vs cold ${coldB.steps}`);
    assertTriplet(b, warmLeft, 'warm left');
  });
  it('wide matrices: a right-vector start of the right length', () => {
    const a = randomMatrix(10, 30, 13);
    const r = spectralNorm(a, { start: new Float64Array(30).fill(1) });
    assertRelClose(r.value, spectralNorm({ rows: 30, cols: 10, data: transposeData(a) }).value, 1e-13, 'transpose');
    assertTriplet(a, r, 'wide');
  });
  it('a top cluster 1e-9 wide is resolved (n = 200, known singular values)', () => {
    const n = 200;
    const rand = seededRandom(15);
    const sigma = Array.from({ length: n }, (_, i) => (i < 4 ? 1 - i * 1e-9 : 0.9 * Math.abs(rand())));
    // A = H₁ diag(σ) H₂ with Householder reflectors H = I − 2wwᵀ/wᵀw: exactly these singular values.
    const reflect = (w: number[], m: Matrix, fromLeft: boolean): void => {
      const ww = w.reduce((s, x) => s + x * x, 0);
      for (let k = 0; k < n; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += w[i] * (fromLeft ? m.data[i * n + k] : m.data[k * n + i]);
        const f = (2 * d) / ww;
        for (let i = 0; i < n; i++) {
          if (fromLeft) m.data[i * n + k] -= f * w[i];
          else m.data[k * n + i] -= f * w[i];
        }
      }
    };
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) a.data[i * n + i] = sigma[i];
    reflect(Array.from({ length: n }, rand), a, true);
    reflect(Array.from({ length: n }, rand), a, false);
    const r = spectralNorm(a);
    assertRelClose(r.value, 1, 1e-13, 'cluster');
    assertTriplet(a, r, 'cluster');
  });
  it('large wide and tall matrices (SIMD products) agree with each other', () => {
    const a = randomMatrix(60, 150, 16);
    const wide = spectralNorm(a, { startLeft: new Float64Array(60).fill(1) });
    const tall = spectralNorm({ rows: 150, cols: 60, data: transposeData(a) });
    assertRelClose(wide.value, tall.value, 1e-13, 'wide vs tall');
    assertTriplet(a, wide, 'wide SIMD');
  });
  it('gapBound: same value on a matrix with a clear gap', () => {
    const a = randomMatrix(200, 200, 14);
    assertRelClose(spectralNorm(a, { gapBound: true }).value, sigmaMax(a), 1e-13, 'gap bound');
  });
  it('rejects bad input and honours cancellation', () => {
    assert.throws(
      () => sigmaMax({ rows: 1, cols: 2, data: Float64Array.from([1, Infinity]) }),
      /entry \(0, 1\) is Infinity/,
    );
    // Large enough for the SIMD copy, whose scan finds the bad entry; the message still names it.
    for (const bad of [NaN, -Infinity]) {
      const a = randomMatrix(70, 80, 5);
      a.data[33 * 80 + 41] = bad;
      assert.throws(() => spectralNorm(a), new RegExp(`entry \\(33, 41\\) is ${bad}`));
    }
    // Entries whose squares overflow: scaled, not refused.
    const huge = randomMatrix(70, 80, 6);
    const reference = sigmaMax(huge);
    huge.data.forEach((x, i) => (huge.data[i] = x * 2 ** 600));
    assertRelClose(spectralNorm(huge).value / 2 ** 600, reference, 1e-13, 'scaled by 2^600');
    assert.throws(() => spectralNorm(zeros(3, 3), { start: new Float64Array(2) }), /start has length 2/);
    assert.throws(() => spectralNorm(randomMatrix(50, 50, 1), { shouldStop: () => true }), CancelledError);
  });
});

function transposeData(a: Matrix): Float64Array {
  const t = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

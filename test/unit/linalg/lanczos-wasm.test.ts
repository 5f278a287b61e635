// The Lanczos bases in WebAssembly memory with the SIMD reorthogonalisation: the same bits as the JavaScript
// path (the same operations in the same order), on square, tall, wide, odd-length, rank-deficient and warm-started
// problems; the values themselves are checked against LAPACK in svd.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lanczosBasis, orthogonalizeJs } from '../../../src/core/linalg/lanczos-wasm';
import { zeros, type Matrix } from '../../../src/core/linalg/matrix';
import { spectralNorm } from '../../../src/core/linalg/svd';
import { randomMatrix, seededRandom } from './helpers';

function sameBits(a: Float64Array, b: Float64Array, label: string): void {
  assert.equal(a.length, b.length, `${label}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${label}[${i}]: ${a[i]} vs ${b[i]}`);
}

function bothPaths(a: Matrix, label: string, options: Parameters<typeof spectralNorm>[1] = {}): void {
  const simd = spectralNorm(a, options);
  const js = spectralNorm(a, { ...options, javascriptOnly: true });
  assert.ok(Object.is(simd.value, js.value), `${label}: σ ${simd.value} vs ${js.value}`);
  assert.equal(simd.steps, js.steps, `${label}: steps`);
  sameBits(simd.rightVector, js.rightVector, `${label}: v`);
  sameBits(simd.leftVector, js.leftVector, `${label}: u`);
}

describe('Lanczos bases in WebAssembly memory', () => {
  it('are WebAssembly memory in this runtime (so the SIMD path is the one tested)', () => {
    const basis = lanczosBasis(8, 8, 9);
    assert.equal(basis.u(1).byteOffset - basis.u(0).byteOffset, 64, 'slots are contiguous');
    assert.equal(basis.u(0).buffer, basis.v(3).buffer, 'both sides in one memory');
    assert.ok(basis.u(0).buffer.byteLength % 65536 === 0, 'a WebAssembly memory (whole 64 KiB pages)');
    assert.notEqual(lanczosBasis(8, 8, 9, true).u(0).buffer, basis.u(0).buffer, 'javascriptOnly: plain arrays');
  });

  it('reorthogonalise with the JavaScript loop’s bits, odd and even lengths', () => {
    for (const len of [2, 3, 7, 64, 129]) {
      const rand = seededRandom(len);
      const basis = lanczosBasis(len, len, 6);
      const vectors = [0, 1, 2, 3].map((k) => {
        const s = basis.u(k);
        for (let i = 0; i < len; i++) s[i] = rand();
        return s;
      });
      const w = basis.u(4);
      for (let i = 0; i < len; i++) w[i] = rand();
      const expected = Float64Array.from(w);
      orthogonalizeJs(
        expected,
        vectors.map((v) => Float64Array.from(v)),
      );
      basis.orthogonalize(w, vectors);
      sameBits(w, expected, `length ${len}`);
    }
  });

  it('give spectralNorm the same bits as the JavaScript path', () => {
    for (const [m, n] of [
      [64, 64],
      [65, 33],
      [33, 65],
      [200, 200],
      [3, 2],
      [1024, 64],
    ]) {
      bothPaths(randomMatrix(m, n, m * 1000 + n), `${m}×${n}`);
    }
  });

  it('the same bits when the Krylov space closes early (rank 2) and from a warm start', () => {
    const rand = seededRandom(9);
    const a = zeros(50, 50);
    const u1 = Array.from({ length: 50 }, rand);
    const u2 = Array.from({ length: 50 }, rand);
    for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) a.data[i * 50 + j] = u1[i] * u2[j] + u2[i] * u1[j];
    bothPaths(a, 'rank 2');
    const b = randomMatrix(120, 120, 11);
    const start = spectralNorm(b).leftVector;
    bothPaths(b, 'warm start', { startLeft: start, tolerance: 1e-10 });
  });
});

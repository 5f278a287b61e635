import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hessenbergWithVectors, schurInPlace } from '../../../src/core/linalg/schur';
import { randomMatrix } from './helpers';

/** A·B (or A·Bᵀ) for flat row-major s×s arrays. */
function mul(a: Float64Array, b: Float64Array, s: number, transposeB = false): Float64Array {
  const c = new Float64Array(s * s);
  for (let i = 0; i < s; i++)
    for (let k = 0; k < s; k++) {
      const aik = a[i * s + k];
      for (let j = 0; j < s; j++) c[i * s + j] += aik * (transposeB ? b[j * s + k] : b[k * s + j]);
    }
  return c;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function identity(s: number): Float64Array {
  const z = new Float64Array(s * s);
  for (let i = 0; i < s; i++) z[i * s + i] = 1;
  return z;
}

describe('small dense Schur and Hessenberg with vectors', () => {
  it('hessenbergWithVectors: Q orthogonal, Q H Qᵀ = A, H Hessenberg', () => {
    const s = 25;
    const a = randomMatrix(s, s, 31).data;
    const h = new Float64Array(a);
    const q = identity(s);
    hessenbergWithVectors(h, s, q);
    for (let i = 0; i < s; i++) for (let j = 0; j < i - 1; j++) assert.equal(h[i * s + j], 0);
    assert.ok(maxDiff(mul(q, q, s, true), identity(s)) < 1e-14 * s, 'QQᵀ = I');
    assert.ok(maxDiff(mul(mul(q, h, s), q, s, true), a) < 1e-13 * s, 'Q H Qᵀ = A');
  });
  it('schurInPlace: Z orthogonal, Z T Zᵀ = H, T quasi-triangular', () => {
    const s = 40;
    const h = randomMatrix(s, s, 32).data;
    for (let i = 0; i < s; i++) for (let j = 0; j < i - 1; j++) h[i * s + j] = 0;
    const t = new Float64Array(h);
    const z = identity(s);
    assert.equal(schurInPlace(t, s, z), true);
    for (let i = 0; i < s; i++) for (let j = 0; j < i - 1; j++) assert.equal(t[i * s + j], 0);
    for (let i = 2; i < s; i++)
      assert.ok(t[i * s + i - 1] === 0 || t[(i - 1) * s + i - 2] === 0, `two subdiagonals at ${i}`);
    assert.ok(maxDiff(mul(z, z, s, true), identity(s)) < 1e-14 * s, 'ZZᵀ = I');
    assert.ok(maxDiff(mul(mul(z, t, s), z, s, true), h) < 1e-13 * s, 'Z T Zᵀ = H');
  });
  it('schurInPlace reports failure when the sweep budget is too small', () => {
    const s = 20;
    const h = randomMatrix(s, s, 33).data;
    for (let i = 0; i < s; i++) for (let j = 0; j < i - 1; j++) h[i * s + j] = 0;
    assert.equal(schurInPlace(h, s, identity(s), 2), false);
  });
});

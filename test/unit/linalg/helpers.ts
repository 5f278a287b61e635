// Shared by the linalg tests: fixture loading, seeded random matrices, multiset comparison of spectra.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../../src/core/linalg/matrix';
import { uniformMinusOneToOne } from '../../../src/core/random';

export interface FixtureCase {
  name: string;
  rows: number;
  cols: number;
  data: number[];
  eigenvalues?: [number, number][];
  singularValues?: number[];
  norm2?: number;
}

/** Cases written by scripts/fixtures/linalg.py (numpy/LAPACK). */
export function loadFixture(file: 'eigenvalues.json' | 'singular-values.json'): FixtureCase[] {
  // Compiled tests live in out/test/unit/linalg; the fixtures stay in test/fixtures/linalg.
  const path = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'linalg', file);
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: FixtureCase[] }).cases;
}

export function fixtureMatrix(c: FixtureCase): Matrix {
  return { rows: c.rows, cols: c.cols, data: Float64Array.from(c.data) };
}

/** Deterministic uniform(−1, 1) stream (the core's mulberry32) so failures reproduce. */
export const seededRandom = uniformMinusOneToOne;

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rand = seededRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rand();
  return { rows, cols, data };
}

/**
 * Every expected eigenvalue has its own computed one within tol (greedy nearest-neighbour matching,
 * each computed value used once).
 */
export function assertSameMultiset(
  actual: readonly (readonly [number, number])[],
  expected: readonly (readonly [number, number])[],
  tol: number,
  label: string,
): void {
  assert.equal(actual.length, expected.length, `${label}: count`);
  const used = new Array<boolean>(actual.length).fill(false);
  for (const [er, ei] of expected) {
    let best = -1;
    let bestDist = Infinity;
    for (let i = 0; i < actual.length; i++) {
      if (used[i]) continue;
      const d = Math.hypot(actual[i][0] - er, actual[i][1] - ei);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    used[best] = true;
    assert.ok(
      bestDist <= tol,
      `${label}: expected ${er}${ei >= 0 ? '+' : ''}${ei}i, nearest computed is ${bestDist} away (tol ${tol})`,
    );
  }
}

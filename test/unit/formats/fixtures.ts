// Where the committed format fixtures live (written by scripts/fixtures/formats.py) and what they must decode to.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as assert from 'node:assert/strict';
import type { Tensor } from '../../../src/core/tensors';

// Compiled to out/test/unit/formats/: four levels below the repository root.
export const FIXTURES = resolve(__dirname, '../../../../test/fixtures/formats');

export interface ExpectedTensor {
  dtype: string;
  shape: number[];
  values: number[];
}

export interface Expected {
  files: Record<string, { format: string; tensors: Record<string, ExpectedTensor>; metadata?: Record<string, string> }>;
  errors: Record<string, { location: string; problem: string }>;
  models: Record<string, Record<string, { W_hh: number[]; W_xh: number[]; b_h: number[]; inputSize: number }>>;
  statistics: Record<string, Record<string, Record<string, number>>>;
}

let cached: Expected | undefined;
export function expected(): Expected {
  cached ??= JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Expected;
  return cached;
}

export function fixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, rel)));
}

/** Exact equality, element by element (Object.is: -0 is not 0, NaN is NaN). */
export function assertSameValues(actual: ArrayLike<number>, wanted: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, wanted.length, `${what}: length`);
  for (let i = 0; i < wanted.length; i++) {
    if (!Object.is(actual[i], wanted[i])) assert.fail(`${what}[${i}]: got ${actual[i]}, expected ${wanted[i]}`);
  }
}

export function assertTensor(t: Tensor | undefined, want: ExpectedTensor, what: string): void {
  assert.ok(t, `${what}: missing`);
  assert.equal(t.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual([...t.shape], want.shape, `${what}: shape`);
  assertSameValues(t.data, want.values, what);
}

export function assertClose(actual: number | undefined, wanted: number, relative: number, what: string): void {
  assert.ok(actual !== undefined, `${what}: missing`);
  const error = Math.abs(actual - wanted) / Math.max(Math.abs(wanted), 1e-300);
  assert.ok(
    error <= relative,
    `${what}: ${actual} vs ${wanted} (relative error ${error.toExponential(2)} > ${relative})`,
  );
}

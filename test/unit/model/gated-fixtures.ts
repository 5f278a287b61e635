// The gated-layouts fixtures (written by scripts/fixtures/gated-layouts.py) and what torch holds for them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as assert from 'node:assert/strict';
import { loadTensorFile } from '../../../src/core/formats/load';
import type { Matrix } from '../../../src/core/linalg/matrix';
import type { TensorFile } from '../../../src/core/tensors';

// Compiled to out/test/unit/model/: four levels below the repository root.
export const GATED_FIXTURES = resolve(__dirname, '../../../../test/fixtures/gated-layouts');

type Stored = { shape: number[]; values: number[] } | boolean | number;

export const GATED_EXPECTED = JSON.parse(readFileSync(join(GATED_FIXTURES, 'expected.json'), 'utf8')) as {
  models: Record<string, Record<string, Stored>>;
};

/** A tensor torch (or the generator) wrote for a model, by its name there. */
export function stored(model: string, name: string): { shape: number[]; values: number[] } {
  const t = GATED_EXPECTED.models[model][name];
  if (typeof t !== 'object') throw new Error(`${model}.${name} is not a tensor`);
  return t;
}

export function loadGated(name: string): TensorFile {
  return loadTensorFile(name, new Uint8Array(readFileSync(join(GATED_FIXTURES, name))));
}

/** Bit for bit: Object.is on every entry (−0 is not 0). */
export function assertSameBits(actual: ArrayLike<number>, wanted: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, wanted.length, `${what}: length`);
  for (let i = 0; i < wanted.length; i++) {
    if (!Object.is(actual[i], wanted[i])) assert.fail(`${what}[${i}]: got ${actual[i]}, expected ${wanted[i]}`);
  }
}

export function assertMatrix(actual: Matrix, wanted: { shape: number[]; values: number[] }, what: string): void {
  assert.deepEqual([actual.rows, actual.cols], wanted.shape, `${what}: shape`);
  assertSameBits(actual.data, wanted.values, what);
}

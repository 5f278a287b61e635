// Small shared test helpers: fixture paths and relative comparisons.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (tests run from out/test/unit/...). */
export const REPO = join(__dirname, '..', '..', '..');

export function fixturePath(...parts: string[]): string {
  return join(REPO, 'test', 'fixtures', ...parts);
}

export function readFixture<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
}

export function assertClose(actual: number, expected: number, rel: number, what: string, abs = 0): void {
  const err = Math.abs(actual - expected);
  assert.ok(
    err <= rel * Math.abs(expected) + abs,
    `${what}: got ${actual}, expected ${expected} (error ${err.toExponential(2)})`,
  );
}

// reserveFloat64: WebAssembly memory grown on demand, refused past what 32-bit offsets reach.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reserveFloat64 } from '../../../src/core/linalg/wasm-memory';

test('grows the memory to whole pages that hold the values asked for, and keeps what was written', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const first = reserveFloat64(memory, 100);
  assert.ok(first);
  assert.equal(first.length, 8192, 'one 64 KiB page is enough');
  first[5] = 2.5;
  const grown = reserveFloat64(memory, 8192 * 3 + 1);
  assert.ok(grown);
  assert.equal(grown.length, 8192 * 4);
  assert.equal(grown[5], 2.5);
});

test("declines what does not fit (past 2 GiB, or past the memory's maximum) instead of throwing", () => {
  assert.equal(reserveFloat64(new WebAssembly.Memory({ initial: 1 }), 2 ** 28 + 1), null);
  assert.equal(reserveFloat64(new WebAssembly.Memory({ initial: 1, maximum: 2 }), 8192 * 3), null);
});

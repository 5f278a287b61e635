// The restricted unpickler against Python's own: every protocol, every kind of value a pickle can hold.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { resolveTorchGlobal } from '../../../../src/core/formats/pytorch/allowed-globals';
import { unpickle } from '../../../../src/core/formats/pickle/unpickler';
import { PyDict, PyList } from '../../../../src/core/formats/pickle/values';
import { isInputError } from '../../../../src/core/errors';
import { expectedTorch, tagged, torchFixture } from './fixtures';

const read = (bytes: Uint8Array, file = 'test.pkl') =>
  unpickle(bytes, { file, where: '', resolveGlobal: resolveTorchGlobal });

describe('unpickler: the values Python reads back, protocols 0–5', () => {
  const { files, value: want } = expectedTorch().pickles;
  for (const rel of files) {
    it(rel, () => {
      const bytes = torchFixture(rel);
      const result = read(bytes, rel);
      assert.deepEqual(tagged(result.value), want);
      assert.equal(result.end, bytes.length);
      assert.deepEqual([...result.placeholderGlobals.keys()], [], 'no placeholder for allowed builtins');
    });
  }

  it('a list memoised once is one object wherever it is referenced', () => {
    const root = read(torchFixture('pickle/values-protocol-2.pkl')).value as PyDict;
    const shared = root.get('shared') as PyList;
    assert.equal(shared.items[0], shared.items[1]);
  });

  it('refuses a protocol above 5 and an unknown opcode, naming the byte', () => {
    for (const [bytes, place, problem] of [
      [[0x80, 6, 0x4e, 0x2e], 'byte 0', /protocol 6/],
      [[0x80, 2, 0xff, 0x2e], 'byte 2', /unknown pickle opcode 0xff/],
      [[0x80, 2, 0x4e], 'byte 3', /ends before its STOP/],
      [[0x80, 2, 0x58, 0xff, 0xff, 0, 0, 0x61], 'byte 2', /runs past the end/],
      [[0x80, 2, 0x68, 7, 0x2e], 'byte 2', /memo entry 7/],
      [[0x80, 2, 0x61, 0x2e], 'byte 2', /stack is empty/],
    ] as const) {
      assert.throws(
        () => read(Uint8Array.from(bytes), 'x.pkl'),
        (e) => isInputError(e) && e.file === 'x.pkl' && e.location === place && problem.test(e.problem),
        `${place} ${problem}`,
      );
    }
  });
});

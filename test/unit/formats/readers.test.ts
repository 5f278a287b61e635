// Every committed fixture, read through the dispatcher, against the values numpy/torch wrote into expected.json.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../src/core/errors';
import { decodeAllTensors } from '../../../src/core/formats/lazyTensor';
import { loadTensorFile } from '../../../src/core/formats/load';
import { readNpz } from '../../../src/core/formats/npz';
import { assertTensor, expected, fixtureBytes } from './fixtures';

describe('binary readers against numpy/torch fixtures', () => {
  for (const [rel, want] of Object.entries(expected().files)) {
    it(`reads ${rel}`, () => {
      const file = loadTensorFile(rel, fixtureBytes(rel));
      assert.equal(file.format, want.format);
      assert.equal(file.file, rel);
      assert.deepEqual([...file.tensors.keys()].sort(), Object.keys(want.tensors).sort());
      for (const [name, t] of Object.entries(want.tensors)) assertTensor(file.tensors.get(name), t, `${rel} ${name}`);
      if (want.metadata) assert.deepEqual({ ...file.metadata }, want.metadata);
    });
  }
});

describe('bad files give an InputError naming the file and the place', () => {
  for (const [rel, want] of Object.entries(expected().errors)) {
    it(`refuses ${rel}`, () => {
      const bytes = fixtureBytes(rel);
      // The bomb is refused by the total-size guard: give it a limit below its 64 MiB declared size.
      const read = rel.endsWith('bomb.npz')
        ? () => readNpz(bytes, rel, { maxBytes: 16 * 1024 * 1024 })
        : () => decodeAllTensors(loadTensorFile(rel, bytes));
      assert.throws(read, (e: unknown) => {
        assert.ok(isInputError(e), `not an InputError: ${String(e)}`);
        assert.equal(e.file, rel);
        assert.equal(e.location, want.location);
        assert.ok(e.problem.includes(want.problem), `"${e.problem}" should mention "${want.problem}"`);
        return true;
      });
    });
  }
});

// Bad Keras files are refused with an InputError naming the file and the place (HDF5 path, zip entry), through the
// CLI with exit 2 and no stack trace; layer names such as __proto__ stay names and touch no prototype.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isInputError } from '../../../../src/core/errors';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { runCli } from '../../cli/run-cli';
import { assertPrototypesUntouched, scratchFolder } from '../../hostile/harness';
import { KERAS_FIXTURES, kerasFixture } from './fixtures';

function refusal(name: string, bytes: Uint8Array): string {
  try {
    loadTensorFile(name, bytes);
  } catch (e) {
    assert.ok(isInputError(e), `${name}: ${(e as Error).stack}`);
    assert.equal(e.file, name);
    return e.message;
  }
  assert.fail(`${name} was read`);
}

test('a corrupt superblock is a clear message about the superblock', () => {
  const bytes = kerasFixture('simple_rnn.h5').slice();
  bytes.fill(0xee, 8, 40); // versions, sizes and the base address after the signature
  assert.match(refusal('corrupt.h5', bytes), /corrupt\.h5: HDF5 superblock \(byte 8\): superblock version 238/);
});

test('a truncated .h5 or .keras is refused, naming the file', () => {
  const h5 = kerasFixture('simple_rnn.h5');
  for (const length of [4, 100, 2000, h5.length >> 1, h5.length - 200])
    assert.match(refusal('cut.h5', h5.subarray(0, length)), /^cut\.h5: /);
  const keras = kerasFixture('simple_rnn.keras');
  for (const length of [10, keras.length >> 1, keras.length - 30])
    assert.match(refusal('cut.keras', keras.subarray(0, length)), /^cut\.keras: /);
});

test('a layer group without weight_names, and a layer name with no group, name the HDF5 path', () => {
  assert.match(
    refusal('bad_no_weight_names.h5', kerasFixture('bad_no_weight_names.h5')),
    /HDF5 path \/simple_rnn: .*no weight_names/,
  );
  assert.match(
    refusal('bad_missing_layer.h5', kerasFixture('bad_missing_layer.h5')),
    /HDF5 path \/: layer_names lists "ghost_layer", which has no group here/,
  );
});

test('a .keras without model.weights.h5 names the entry', () => {
  assert.match(
    refusal('no_weights.keras', kerasFixture('no_weights.keras')),
    /entry 'model\.weights\.h5': .*holds no model\.weights\.h5/,
  );
});

test('through the CLI: exit 2, the file and the place, no stack trace', () => {
  const scratch = scratchFolder('keras-bad');
  try {
    const corrupt = join(scratch.dir, 'model.h5');
    const bytes = kerasFixture('simple_rnn.h5').slice();
    bytes.fill(0xee, 8, 40);
    writeFileSync(corrupt, bytes);
    for (const file of [
      corrupt,
      join(KERAS_FIXTURES, 'no_weights.keras'),
      join(KERAS_FIXTURES, 'bad_missing_layer.h5'),
    ]) {
      const r = runCli(['analyze', file]);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(file), r.stderr);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
    }
  } finally {
    scratch.remove();
  }
});

test('layers named constructor and toString are read as names; __proto__ is refused as a name, prototypes untouched', async () => {
  await assertPrototypesUntouched(() => {
    const file = loadTensorFile('constructor.h5', kerasFixture('constructor.h5'));
    assert.deepEqual([...file.tensors.keys()].sort(), [
      'constructor/simple_rnn_cell/bias:0',
      'constructor/simple_rnn_cell/kernel:0',
      'constructor/simple_rnn_cell/recurrent_kernel:0',
      'toString/simple_rnn_cell/bias:0',
      'toString/simple_rnn_cell/kernel:0',
      'toString/simple_rnn_cell/recurrent_kernel:0',
    ]);
    // jsfive keeps an old-style group's members in a plain object, where a member named __proto__ cannot be
    // stored: the layer is reported missing, by its name, and nothing else changes.
    assert.match(refusal('__proto__.h5', kerasFixture('__proto__.h5')), /layer_names lists "__proto__"/);
  });
});

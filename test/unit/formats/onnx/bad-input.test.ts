// Broken and hostile ONNX files: each gives an InputError naming the file and the place (field path, byte offset,
// initializer), never a crash; external data stays inside the model's folder; names from the file stay names.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isInputError } from '../../../../src/core/errors';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { MemoryBudget } from '../../../../src/core/formats/limits';
import { recognizeModel } from '../../../../src/core/model/recognize';
import { assertPrototypesUntouched } from '../../hostile/harness';
import { floats, rnnModel, SMALL_RNN } from './encode';
import { onnxFixture } from './fixtures';

function refusal(file: string, bytes: Uint8Array): Error & { file: string; location: string } {
  try {
    recognizeModel(loadTensorFile(file, bytes));
  } catch (e) {
    assert.ok(isInputError(e), (e as Error).stack);
    assert.equal(e.file, file);
    return e;
  }
  assert.fail(`${file} was accepted`);
}

test('a truncated message names the byte where it ends', () => {
  const bytes = onnxFixture('rnn-tanh.onnx');
  for (const length of [1, 5, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
    const e = refusal('model.onnx', bytes.subarray(0, length));
    assert.match(e.message, /model\.onnx: .*byte \d+/, e.message);
  }
});

test('a wrong wire type names the field', () => {
  const bytes = onnxFixture('rnn-tanh.onnx').slice();
  assert.equal(bytes[0], 0x08); // ir_version, a varint
  bytes[0] = 0x0d; // field 1 as a fixed32
  const e = refusal('model.onnx', bytes);
  assert.match(e.message, /ModelProto\.ir_version \(byte 0\): field 1 \(ir_version\) has wire type 5, expected 0/);
});

test('a length past the end is refused before it is read', () => {
  const bytes = onnxFixture('rnn-tanh.onnx').slice();
  assert.equal(bytes[2], 0x12); // producer_name, length-delimited
  bytes[3] = 0x7f;
  bytes.set([0xff, 0xff, 0xff, 0xff, 0x0f], 3); // a length of 4 GiB
  const e = refusal('model.onnx', bytes);
  assert.match(e.message, /ModelProto \(byte 2\): truncated message: field 2 needs \d+ bytes/);
});

test('an initializer whose raw_data is shorter than its dims need names the initializer', () => {
  const short = SMALL_RNN.map((t) => (t.name === 'R' ? { ...t, raw: floats([1, 2, 3]) } : t));
  const e = refusal('model.onnx', rnnModel('rnn', short));
  assert.match(e.message, /tensor "R" \(graph\.initializer\[1\]\): holds 12 bytes, dims \[1, 2, 2\] need 16/);
});

test('external data is read beside the model, and a location leaving its folder is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-onnx-external-'));
  try {
    writeFileSync(join(dir, 'r.bin'), Buffer.from(floats([0, 0, 0.5, 0.1, -0.2, 0.4])));
    const external = (location: string, offset = 8) =>
      SMALL_RNN.map((t) => (t.name === 'R' ? { name: 'R', dims: t.dims, external: { location, offset } } : t));
    const good = join(dir, 'good.onnx');
    const model = recognizeModel(loadTensorFile(good, rnnModel('rnn', external('r.bin'))));
    assert.deepEqual([...model.W_hh.data], [...new Float32Array([0.5, 0.1, -0.2, 0.4])]);
    for (const location of ['../r.bin', '/etc/passwd', 'sub/../../r.bin', 'C:\\Windows\\win.ini', '..\\r.bin']) {
      const file = join(dir, 'bad.onnx');
      const e = refusal(file, rnnModel('rnn', external(location)));
      assert.match(e.message, /tensor "R" .*leaves the model's folder/, location);
    }
    const past = refusal(join(dir, 'past.onnx'), rnnModel('rnn', external('r.bin', 20)));
    assert.match(past.message, /too short for 16 bytes at offset 20/);
    const missing = refusal(join(dir, 'missing.onnx'), rnnModel('rnn', external('nothing.bin')));
    assert.match(missing.message, /nothing\.bin/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bytes read from an external data file are charged to the memory budget, and given back after decoding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-onnx-external-budget-'));
  try {
    const MiB = 1 << 20;
    // A data file of 8 MiB, all of it declared as R's data though its dims need 16 bytes.
    const data = new Uint8Array(8 * MiB);
    data.set(floats([0.5, 0.1, -0.2, 0.4]));
    writeFileSync(join(dir, 'big.bin'), data);
    const withLength = SMALL_RNN.map((t) =>
      t.name === 'R' ? { name: 'R', dims: t.dims, external: { location: 'big.bin', length: data.length } } : t,
    );
    const file = join(dir, 'model.onnx');
    const bytes = rnnModel('rnn', withLength);
    let error: unknown;
    try {
      recognizeModel(loadTensorFile(file, bytes, { budget: new MemoryBudget(MiB) }));
    } catch (e) {
      error = e;
    }
    assert.ok(isInputError(error), String(error));
    assert.equal(error.file, file);
    assert.match(
      error.message,
      /tensor "R" .*reading external data "big\.bin" needs 8 MiB, over the memory budget of 1 MiB/,
    );
    const budget = new MemoryBudget(16 * MiB);
    const model = recognizeModel(loadTensorFile(file, bytes, { budget }));
    assert.deepEqual([...model.W_hh.data], [...new Float32Array([0.5, 0.1, -0.2, 0.4])]);
    assert.ok(budget.usedBytes < MiB, `the data file's bytes are given back: ${budget.usedBytes} bytes still charged`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('node and initializer names such as __proto__ stay names', async () => {
  await assertPrototypesUntouched(() => {
    const names = ['__proto__', 'constructor', 'hasOwnProperty'];
    const hostile = SMALL_RNN.map((t, i) => ({ ...t, name: names[i] }));
    const file = loadTensorFile('proto.onnx', rnnModel('__proto__', hostile, 'Tanh', 2, ['X', ...names]));
    assert.ok(file.tensors.has('__proto__.R_l0'));
    const model = recognizeModel(file);
    assert.equal(model.hiddenSize, 2);
    assert.deepEqual([...model.W_hh.data], [...new Float32Array([0.5, 0.1, -0.2, 0.4])]);
  });
});

test('an activation the analysis does not know is refused, naming the node', () => {
  const e = refusal('model.onnx', rnnModel('rnn', SMALL_RNN, 'HardSigmoid'));
  assert.match(e.message, /node "rnn" attribute activations: activation "HardSigmoid" is not analysed/);
});

test('R whose dims do not match hidden_size is refused', () => {
  const e = refusal('model.onnx', rnnModel('rnn', SMALL_RNN, 'Tanh', 3));
  assert.match(e.message, /graph\.node\[0\] "rnn"\.hidden_size: hidden_size 3 disagrees with R \[1, 2, 2\]/);
});

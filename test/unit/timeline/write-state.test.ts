// A checkpoint still being written is told from a finished one by its own format: files written by torch.save,
// h5py, Keras and safetensors, whole and cut short at several places.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { memorySource } from '../../../src/core/io/byteSource';
import { unfinishedReason } from '../../../src/core/timeline/write-state';
import { fixturePath } from '../helpers';
import { setFolder } from './timeline-fixture';

const FILES: [string, RegExp][] = [
  [`${setFolder('rnn-lightning')}/epoch=0-step=20.ckpt`, /zip/],
  [`${setFolder('lstm-state-dicts')}/ckpt_0003.pt`, /zip/],
  [fixturePath('keras', 'lstm.keras'), /zip/],
  [fixturePath('keras', 'simple_rnn.h5'), /HDF5/],
  [fixturePath('keras', 'bidirectional.h5'), /HDF5/],
];

for (const [file, sign] of FILES) {
  const bytes = new Uint8Array(readFileSync(file));
  test(`${file.split('/').slice(-2).join('/')}: finished whole, unfinished when cut short`, () => {
    assert.equal(unfinishedReason(memorySource(bytes)), undefined);
    for (const fraction of [0.1, 0.5, 0.9, 0.999]) {
      const cut = bytes.subarray(0, Math.max(64, Math.floor(bytes.length * fraction)));
      assert.match(unfinishedReason(memorySource(cut)) ?? 'finished', sign, `cut at ${cut.length} of ${bytes.length}`);
    }
    // The last byte missing is enough.
    assert.match(unfinishedReason(memorySource(bytes.subarray(0, bytes.length - 1))) ?? 'finished', sign);
  });
}

test('safetensors: whole is finished, a file shorter than its header says is not', () => {
  const bytes = new Uint8Array(readFileSync(fixturePath('formats', 'safetensors', 'dtypes.safetensors')));
  assert.equal(unfinishedReason(memorySource(bytes)), undefined);
  assert.match(unfinishedReason(memorySource(bytes.subarray(0, bytes.length - 1))) ?? '', /safetensors/);
  assert.match(unfinishedReason(memorySource(bytes.subarray(0, 20))) ?? '', /safetensors/);
});

test('a file of a format with no end sign (JSON) is left to the quiet time', () => {
  const bytes = new TextEncoder().encode('{"W_hh": [[0.5]]}');
  assert.equal(unfinishedReason(memorySource(bytes.subarray(0, 10))), undefined);
  assert.match(unfinishedReason(memorySource(bytes.subarray(0, 5))) ?? '', /empty/);
});

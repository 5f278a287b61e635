// Listing a torch.save zip and recognising its recurrent layer read only what they need: the directory, data.pkl and
// the layer's own storages, never the bytes of a large embedding beside it: tensors the analysis does not need are
// not decoded, nor even read, until someone asks for them. The byte ranges are what Python's zipfile says each storage
// occupies (scripts/fixtures/embedding-lstm.py); the reads are counted by a ByteSource that records every range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ByteSource } from '../../../../src/core/io/byteSource';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { fileTree } from '../../../../src/core/inspect/file-tree';
import { recognizeRecurrent } from '../../../../src/core/model/recognize-recurrent';
import { readFixture } from '../../helpers';
import { torchFixture } from './fixtures';

const expected = readFixture<{ storageBytes: Record<string, [number, number]>; size: number }>(
  'pytorch',
  'embedding-lstm.json',
);

function countingSource(bytes: Uint8Array): { source: ByteSource; reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    reads,
    source: {
      size: bytes.length,
      read: (offset, length) => {
        reads.push([offset, offset + length]);
        return bytes.subarray(offset, offset + length);
      },
    },
  };
}

const touches = (reads: readonly [number, number][], [from, to]: readonly [number, number]): boolean =>
  reads.some(([a, b]) => a < to && b > from);

test('listing the checkpoint and recognising layer 0 never read the embedding, nor layer 1', () => {
  const bytes = torchFixture('embedding-lstm.pt');
  assert.equal(bytes.length, expected.size);
  const { source, reads } = countingSource(bytes);
  const file = loadTensorFile('embedding-lstm.pt', source);
  fileTree(file);
  assert.ok(file.tensors.has('embedding.weight'), 'the embedding is listed');
  const ranges = expected.storageBytes;
  for (const [name, range] of Object.entries(ranges))
    assert.ok(!touches(reads, range), `listing read the bytes of ${name}`);
  const model = recognizeRecurrent(file, { layer: 0 });
  assert.equal(model.hiddenSize, 4);
  for (const name of ['lstm.weight_ih_l0', 'lstm.weight_hh_l0'])
    assert.ok(touches(reads, ranges[name]), `recognising layer 0 read ${name}`);
  for (const name of ['embedding.weight', 'lstm.weight_ih_l1', 'lstm.weight_hh_l1'])
    assert.ok(!touches(reads, ranges[name]), `recognising layer 0 read the bytes of ${name}`);
  // Asked for, the embedding is read: the counter sees reads.
  void file.tensors.get('embedding.weight')!.data;
  assert.ok(touches(reads, ranges['embedding.weight']));
});

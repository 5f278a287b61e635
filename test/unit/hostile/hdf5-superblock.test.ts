// A damaged HDF5 superblock is refused before jsfive follows it: the file, "HDF5 superblock" and the byte of the field
// that is wrong, exit 2, never a crash. Each file is a real h5py file (examples/keras_simple_rnn.h5, superblock
// version 0: the sizes at bytes 13 and 14, the base, end-of-file and root group addresses at 24, 40 and 64) with one
// field changed; and a damage inside the range the superblock allows, which jsfive itself trips on.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTensorFile } from '../../../src/core/formats/load';
import { REPO } from '../helpers';
import { assertRefused, runCliBounded, scratchFolder } from './harness';

const ORIGINAL = readFileSync(join(REPO, 'examples', 'keras_simple_rnn.h5'));

interface Case {
  readonly name: string;
  readonly change: (b: Buffer) => Buffer;
  readonly message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'version 9',
    change: (b) => (b.writeUInt8(9, 8), b),
    message: /HDF5 superblock \(byte 8\): superblock version 9, where HDF5 has versions 0 to 3/,
  },
  {
    name: 'offsets of 3 bytes',
    change: (b) => (b.writeUInt8(3, 13), b),
    message: /HDF5 superblock \(byte 13\): the size of offsets is 3, where HDF5 allows 2, 4, 8 or 16/,
  },
  {
    name: 'lengths of 4 bytes',
    change: (b) => (b.writeUInt8(4, 14), b),
    message: /HDF5 superblock \(byte 14\): 4-byte lengths are not read/,
  },
  {
    name: 'a base address past the superblock',
    change: (b) => (b.writeBigUInt64LE(8n, 24), b),
    message: /HDF5 superblock \(byte 24\): the base address 8 is not where the superblock is \(byte 0\)/,
  },
  {
    name: 'truncated: the end-of-file address past the end',
    change: (b) => b.subarray(0, b.length - 100),
    message: /HDF5 superblock \(byte 40\): the end-of-file address says the file has 13088 bytes, but it has 12988/,
  },
  {
    name: 'an end-of-file address of 2^63',
    change: (b) => (b.writeBigUInt64LE(1n << 63n, 40), b),
    message:
      /HDF5 superblock \(byte 40\): the end-of-file address says the file has 9223372036854775808 bytes, but it has 13088/,
  },
  {
    name: 'a root group past the end of the data',
    change: (b) => (b.writeBigUInt64LE(BigInt(b.length), 64), b),
    message: /HDF5 superblock \(byte 64\): the root group's address 13088 is outside the file's data/,
  },
  {
    name: 'an undefined root group address',
    change: (b) => (b.writeBigUInt64LE(0xffff_ffff_ffff_ffffn, 64), b),
    message: /HDF5 superblock \(byte 64\): the root group address is undefined/,
  },
  {
    name: 'cut inside the superblock',
    change: (b) => b.subarray(0, 30),
    message: /HDF5 superblock \(byte 0\): the file ends at byte 30, inside the version 0 superblock/,
  },
  // Inside the range, but not an object header: jsfive throws (its own message), and that too is a refusal.
  {
    name: 'a root group address inside the file that is not an object header',
    change: (b) => (b.writeBigUInt64LE(200n, 64), b),
    message: /HDF5 superblock: the HDF5 superblock is corrupt or unsupported: /,
  },
];

for (const c of CASES) {
  test(`an h5py file with ${c.name} is refused naming the file and the superblock's byte`, () => {
    const scratch = scratchFolder('hdf5-superblock');
    try {
      const file = join(scratch.dir, 'damaged.h5');
      writeFileSync(file, c.change(Buffer.from(ORIGINAL)));
      const run = runCliBounded(['analyze', file], { timeoutMs: 20_000 });
      assertRefused(run, { file, message: c.message });
    } finally {
      scratch.remove();
    }
  });
}

test('a user block before the superblock (signature at 512, base address 512) reads as the file without it', () => {
  const moved = Buffer.concat([Buffer.alloc(512), ORIGINAL]);
  moved.writeBigUInt64LE(512n, 512 + 24);
  const plain = loadTensorFile('plain.h5', ORIGINAL);
  const withUserBlock = loadTensorFile('user-block.h5', moved);
  assert.deepEqual([...withUserBlock.tensors.keys()], [...plain.tensors.keys()]);
  for (const [name, t] of plain.tensors) assert.deepEqual(withUserBlock.tensors.get(name)?.data, t.data, name);
});

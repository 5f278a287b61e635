// Seeded mutations of pickle streams, torch zips and legacy streams: each read ends in a result or an InputError,
// quickly, never another exception, and what a result lets one decode stays in proportion to the file.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../../src/core/errors';
import { crc32 } from '../../../../src/core/formats/crc32';
import { readTorchCheckpoint, torchCheckpointToTensorFile } from '../../../../src/core/formats/pytorch';
import { resolveTorchGlobal } from '../../../../src/core/formats/pytorch/allowed-globals';
import { checkpointMetadata } from '../../../../src/core/formats/pytorch/checkpoint-metadata';
import { StorageRegistry } from '../../../../src/core/formats/pytorch/storages';
import { walkCheckpoint } from '../../../../src/core/formats/pytorch/tree';
import { unpickle } from '../../../../src/core/formats/pickle/unpickler';
import { listZipMembers, unpackZipMember } from '../../../../src/core/formats/zip';
import { torchFixture } from './fixtures';
import { mulberry32, randomInt } from '../../seeded-random';

const CASES = 3000;
/** Far above any honest case (~1 ms), low enough to catch a runaway loop on a busy machine. */
const SLOW_CASE_MS = 1000;

/** Opcodes and small integers: what a mutated pickle most often meets. */
const INTERESTING = [
  0x28, 0x2e, 0x4b, 0x4d, 0x4a, 0x58, 0x71, 0x68, 0x52, 0x81, 0x62, 0x75, 0x74, 0x85, 0x93, 0, 1, 0xff,
];

type Mutation = (b: Uint8Array, r: () => number, from: number, to: number) => { bytes: Uint8Array; what: string };
const MUTATIONS: Mutation[] = [
  (b, r, from, to) => {
    const c = b.slice();
    const flips = 1 + randomInt(r, 6);
    for (let i = 0; i < flips; i++) c[from + randomInt(r, to - from)] ^= 1 << randomInt(r, 8);
    return { bytes: c, what: `${flips} bit flips` };
  },
  (b, r, from, to) => {
    const c = b.slice();
    const n = 1 + randomInt(r, 4);
    for (let i = 0; i < n; i++) c[from + randomInt(r, to - from)] = INTERESTING[randomInt(r, INTERESTING.length)];
    return { bytes: c, what: `${n} bytes set to opcodes` };
  },
  (b, r, from, to) => {
    const c = b.slice();
    const at = from + randomInt(r, Math.max(1, to - from - 4));
    const v = [0, 1, 0xffffffff, 0x7fffffff, randomInt(r, 2 ** 32), randomInt(r, 1 << 16)][randomInt(r, 6)];
    if (at + 4 <= c.length) new DataView(c.buffer).setUint32(at, v >>> 0, true);
    return { bytes: c, what: `u32 at ${at} := ${v}` };
  },
  (b, r) => {
    const n = randomInt(r, b.length);
    return { bytes: b.slice(0, n), what: `truncated to ${n}` };
  },
  (b, r, from, to) => {
    const start = from + randomInt(r, to - from);
    const length = 1 + randomInt(r, 16);
    const c = new Uint8Array(b.length + length);
    c.set(b.subarray(0, start));
    c.set(b.subarray(start, start + length), start);
    c.set(b.subarray(start), start + Math.min(length, b.length - start));
    return { bytes: c.subarray(0, b.length + Math.min(length, b.length - start)), what: `span at ${start} duplicated` };
  },
];

/** Runs `read` on mutations of `seeds`; checks each ends in a value or an InputError naming the file. */
function fuzz(
  name: string,
  seeds: { file: string; bytes: Uint8Array; from?: number; to?: number; fix?: (b: Uint8Array) => Uint8Array }[],
  read: (bytes: Uint8Array, file: string) => number,
): void {
  const random = mulberry32(0x70c4 + name.length * 7919);
  let refused = 0;
  for (let i = 0; i < CASES; i++) {
    const seed = seeds[i % seeds.length];
    const mutate = MUTATIONS[randomInt(random, MUTATIONS.length)];
    const { bytes: mutated, what } = mutate(seed.bytes, random, seed.from ?? 0, seed.to ?? seed.bytes.length);
    const bytes = seed.fix && mutated.length === seed.bytes.length ? seed.fix(mutated) : mutated;
    const started = performance.now();
    try {
      const decoded = read(bytes, seed.file);
      // What a result lets one decode is bounded by the file (a stride-0 view may repeat elements, within limits).
      assert.ok(decoded <= 4 * bytes.length + (1 << 24), `case ${i}, ${seed.file} (${what}): ${decoded} elements`);
    } catch (e) {
      if (!isInputError(e)) assert.fail(`case ${i}, ${seed.file} (${what}): ${(e as Error)?.stack ?? String(e)}`);
      assert.equal(e.file, seed.file);
      refused++;
    }
    const took = performance.now() - started;
    assert.ok(took < SLOW_CASE_MS, `case ${i}, ${seed.file} (${what}) took ${took} ms`);
  }
  assert.ok(refused > CASES / 4, `${name}: only ${refused} of ${CASES} mutations were refused`);
}

/** Reads the checkpoint and decodes every tensor it lets one decode; returns how many elements that was. */
function readAll(bytes: Uint8Array, file: string): number {
  const c = readTorchCheckpoint(bytes, file);
  let elements = 0;
  for (const t of c.tensors.values()) {
    if (!t.readable) continue;
    const values = t.values();
    assert.equal(
      values.length,
      t.shape.reduce((a, d) => a * d, 1),
      `${t.name}: element count`,
    );
    elements += values.length;
  }
  JSON.stringify(c.root);
  try {
    torchCheckpointToTensorFile(c);
  } catch (e) {
    if (!isInputError(e)) throw e; // NaN or Inf in a mutated storage is refused the usual way
  }
  return elements;
}

/** A zip member's data with its CRC-32 rewritten after mutation, so that the mutation reaches the unpickler. */
function pickleInZip(rel: string): {
  file: string;
  bytes: Uint8Array;
  from: number;
  to: number;
  fix: (b: Uint8Array) => Uint8Array;
} {
  const bytes = torchFixture(rel);
  const member = listZipMembers(bytes, rel, 1 << 30).find((m) => m.name.endsWith('/data.pkl'));
  assert.ok(member && member.method === 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let central = -1;
  for (let at = bytes.length - 46; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x02014b50 && view.getUint32(at + 42, true) === member.localHeaderOffset) {
      central = at;
      break;
    }
  }
  const from = member.dataStart;
  const to = member.dataStart + member.size;
  return {
    file: rel,
    bytes,
    from,
    to,
    fix: (b) => {
      const crc = crc32(b.subarray(from, to));
      const v = new DataView(b.buffer, b.byteOffset);
      v.setUint32(member.localHeaderOffset + 14, crc, true);
      if (central >= 0) v.setUint32(central + 16, crc, true);
      return b;
    },
  };
}

describe('fuzz: PyTorch files', () => {
  it(`pickle streams: ${CASES} mutations`, { timeout: 30_000 }, () => {
    const streams = ['rnn-state-dict.pt', 'lightning.ckpt', 'whole-module.pt', 'rnn-protocol-4.pt'].map((rel) => {
      const bytes = torchFixture(rel);
      const member = listZipMembers(bytes, rel, 1 << 30).find((m) => m.name.endsWith('/data.pkl'));
      assert.ok(member);
      return { file: rel, bytes: unpackZipMember(bytes, member, rel) };
    });
    for (const rel of [
      'hostile/globals-protocol-0.pkl',
      'pickle/values-protocol-1.pkl',
      'pickle/values-protocol-5.pkl',
    ])
      streams.push({ file: rel, bytes: torchFixture(rel) });
    fuzz('pickle', streams, (bytes, file) => {
      const storages = new StorageRegistry(file, '', (s) => {
        const bytes = new Uint8Array(4096);
        s.locate(bytes.length, (from, to) => bytes.subarray(from, to));
      });
      const result = unpickle(bytes, {
        file,
        where: '',
        resolveGlobal: resolveTorchGlobal,
        persistentLoad: storages.load,
      });
      const walked = walkCheckpoint(result.value, file);
      checkpointMetadata(walked.root);
      return 0;
    });
  });

  it(`torch zips: ${CASES} mutations (half inside data.pkl, its CRC kept valid)`, { timeout: 30_000 }, () => {
    const whole = ['rnn-state-dict.pt', 'views.pt', 'torchscript.pt', 'dtypes.pt'].map((rel) => ({
      file: rel,
      bytes: torchFixture(rel),
    }));
    const inside = ['rnn-state-dict.pt', 'views.pt', 'lightning.ckpt', 'whole-module.pt'].map(pickleInZip);
    fuzz('zip', [...whole, ...inside], readAll);
  });

  it(`legacy streams: ${CASES} mutations`, { timeout: 30_000 }, () => {
    const seeds = ['rnn-state-dict-legacy.pt', 'views-legacy.pt', 'dtypes-legacy.pt', 'whole-module-legacy.pt'].map(
      (rel) => ({ file: rel, bytes: torchFixture(rel) }),
    );
    fuzz('legacy', seeds, readAll);
  });
});

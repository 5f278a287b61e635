// The fuzz itself, run in a worker thread so that the test can stop a case that never ends (jsfive is synchronous)
// and name it. Posts one message per case: { i, what, outcome } ('result', 'refused' or a failure's text).
import { parentPort, workerData } from 'node:worker_threads';
import { isInputError } from '../../../../src/core/errors';
import { crc32 } from '../../../../src/core/formats/crc32';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { listZipMembers } from '../../../../src/core/formats/zip';
import { kerasFixture } from './fixtures';
import { mulberry32, randomInt } from '../../seeded-random';

const { cases, seeds } = workerData as { cases: number; seeds: string[] };

const random = mulberry32(0x4b3a5);
const int = (n: number) => randomInt(random, n);

interface Seed {
  file: string;
  bytes: Uint8Array;
  /** The span mutated (a .keras: its model.weights.h5, whose CRC-32 is rewritten so the mutation reaches HDF5). */
  from: number;
  to: number;
  fix?: (b: Uint8Array) => Uint8Array;
}

function seedOf(name: string): Seed {
  const bytes = kerasFixture(name);
  if (!name.endsWith('.keras')) return { file: name, bytes, from: 0, to: bytes.length };
  const member = listZipMembers(bytes, name, 1 << 30).find((m) => m.name === 'model.weights.h5')!;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let central = -1;
  for (let at = bytes.length - 46; at >= 0 && central < 0; at--)
    if (view.getUint32(at, true) === 0x02014b50 && view.getUint32(at + 42, true) === member.localHeaderOffset)
      central = at;
  const from = member.dataStart;
  const to = from + member.size;
  const fix = (b: Uint8Array): Uint8Array => {
    const crc = crc32(b.subarray(from, to));
    const v = new DataView(b.buffer, b.byteOffset);
    v.setUint32(member.localHeaderOffset + 14, crc, true);
    v.setUint32(central + 16, crc, true);
    return b;
  };
  return { file: name, bytes, from, to, fix };
}

const INTERESTING = [0, 1, 2, 8, 0x7f, 0x80, 0xff];
type Mutation = (s: Seed) => { bytes: Uint8Array; what: string };
const MUTATIONS: Mutation[] = [
  (s) => {
    const c = s.bytes.slice();
    const flips = 1 + int(6);
    for (let i = 0; i < flips; i++) c[s.from + int(s.to - s.from)] ^= 1 << int(8);
    return { bytes: c, what: `${flips} bit flips` };
  },
  (s) => {
    const c = s.bytes.slice();
    const n = 1 + int(4);
    for (let i = 0; i < n; i++) c[s.from + int(s.to - s.from)] = INTERESTING[int(INTERESTING.length)];
    return { bytes: c, what: `${n} bytes set` };
  },
  (s) => {
    const c = s.bytes.slice();
    const at = s.from + int(s.to - s.from - 8);
    const v = [0, 1, 0xffffffff, 0x7fffffff, int(2 ** 32), int(1 << 16)][int(6)];
    new DataView(c.buffer).setUint32(at, v >>> 0, true);
    return { bytes: c, what: `u32 at ${at} := ${v}` };
  },
  (s) => {
    const n = int(s.bytes.length);
    return { bytes: s.bytes.slice(0, n), what: `truncated to ${n}` };
  },
  (s) => {
    // The superblock and the root group's first bytes (versions, sizes, addresses): where a reader starts trusting.
    const c = s.bytes.slice();
    const n = 1 + int(3);
    const spots: number[] = [];
    for (let i = 0; i < n; i++) {
      const at = s.from + int(Math.min(128, s.to - s.from));
      c[at] = r8();
      spots.push(at - s.from);
    }
    return { bytes: c, what: `superblock bytes ${spots.join(', ')} set` };
  },
];
const r8 = () => (random() < 0.5 ? INTERESTING[int(INTERESTING.length)] : int(256));

const all = seeds.map(seedOf);
for (let i = 0; i < cases; i++) {
  const seed = all[i % all.length];
  const mutation = MUTATIONS[int(MUTATIONS.length)](seed);
  const bytes = seed.fix && mutation.bytes.length === seed.bytes.length ? seed.fix(mutation.bytes) : mutation.bytes;
  const what = `${seed.file}: ${mutation.what}`;
  parentPort!.postMessage({ i, what, outcome: 'started' });
  let outcome: string;
  try {
    const file = loadTensorFile(seed.file, bytes);
    let elements = 0;
    for (const t of file.tensors.values()) elements += t.data.length;
    outcome = elements <= bytes.length ? 'result' : `${elements} elements from ${bytes.length} bytes`;
  } catch (e) {
    outcome = isInputError(e) && e.file.startsWith(seed.file) ? 'refused' : `threw ${(e as Error)?.stack ?? String(e)}`;
  }
  parentPort!.postMessage({ i, what, outcome });
}

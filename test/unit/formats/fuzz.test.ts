// Mutates valid files of every format thousands of times (seeded) and checks that each read ends in a
// TensorFile or an InputError — never another exception, never a long stall.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../src/core/errors';
import { loadTensorFile } from '../../../src/core/formats/load';
import { diagnoseWeightsJson } from '../../../src/core/inspect/diagnose-weights';
import { tensorAtKey, weightsHover } from '../../../src/core/inspect/weights-hover';
import { parseWeightsJson } from '../../../src/core/inspect/weights-json';
import { fixtureBytes } from './fixtures';
import { mulberry32, randomInt } from '../seeded-random';

const CASES_PER_FORMAT = 3000;
/** Far above any honest case (~1 ms), low enough to catch a runaway loop; the machine may be busy. */
const SLOW_CASE_MS = 1000;

type Mutation = (b: Uint8Array, r: () => number, headerEnd: number) => { bytes: Uint8Array; what: string };

const MUTATIONS: Mutation[] = [
  (b, r) => {
    const c = b.slice();
    const flips = 1 + randomInt(r, 8);
    for (let i = 0; i < flips; i++) c[randomInt(r, c.length)] ^= 1 << randomInt(r, 8);
    return { bytes: c, what: `${flips} bit flips` };
  },
  (b, r) => {
    const n = randomInt(r, b.length);
    return { bytes: b.slice(0, n), what: `truncated to ${n}` };
  },
  (b, r, headerEnd) => {
    // Random bytes inside the header region (the JSON / Python dict / central directory).
    const c = b.slice();
    const count = 1 + randomInt(r, 6);
    for (let i = 0; i < count; i++) c[randomInt(r, Math.max(1, headerEnd))] = randomInt(r, 256);
    return { bytes: c, what: `${count} random header bytes` };
  },
  (b, r) => {
    // A length field rewritten: safetensors' u64 at 0, npy's u16/u32 at 8, or any 32-bit field in a zip.
    const c = b.slice();
    const v = new DataView(c.buffer);
    const at = r() < 0.5 ? (r() < 0.5 ? 0 : 8) : randomInt(r, Math.max(1, c.length - 4));
    const choices = [
      0,
      1,
      0xffffffff,
      0x7fffffff,
      v.getUint32(at, true) + 1,
      v.getUint32(at, true) - 1,
      randomInt(r, 2 ** 32),
      randomInt(r, 1 << 20),
    ];
    const value = choices[randomInt(r, choices.length)] >>> 0;
    if (at + 4 <= c.length) v.setUint32(at, value, true);
    return { bytes: c, what: `u32 at ${at} := ${value}` };
  },
  (b, r) => {
    // A span duplicated or deleted: shifts every offset after it.
    const start = randomInt(r, b.length);
    const length = 1 + randomInt(r, 64);
    if (r() < 0.5) {
      const c = new Uint8Array(b.length + length);
      c.set(b.subarray(0, start));
      c.set(b.subarray(start, start + length), start);
      c.set(b.subarray(start), start + Math.min(length, b.length - start));
      return { bytes: c, what: `span at ${start} duplicated` };
    }
    const c = new Uint8Array(b.length - Math.min(length, b.length - start));
    c.set(b.subarray(0, start));
    c.set(b.subarray(start + length), start);
    return { bytes: c, what: `span at ${start} deleted` };
  },
];

/** Where each format's structure ends, so header mutations land where the parsing happens. */
function headerEnd(name: string, b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset);
  if (name.endsWith('.safetensors')) return 8 + v.getUint32(0, true);
  if (name.endsWith('.npy')) return b[6] === 1 ? 10 + v.getUint16(8, true) : 12 + v.getUint32(8, true);
  if (name.endsWith('.npz')) return b.length; // local headers and central directory are spread through the file
  return b.length;
}

const SEEDS: Record<string, string[]> = {
  safetensors: ['safetensors/dtypes.safetensors', 'model/torch-rnn.safetensors'],
  npy: ['npy/f2-be-f-v1.npy', 'npy/f8-le-c-v3.npy', 'npy/f4-le-f-v2.npy', 'npy/scalar.npy'],
  npz: ['npz/stored.npz', 'npz/deflated.npz', 'model/keras-rnn-deflated.npz'],
  json: ['model/keras-rnn.json', 'model/torch-lstm.json'],
};

describe('fuzz: mutated files give a TensorFile or an InputError', () => {
  for (const [format, seeds] of Object.entries(SEEDS)) {
    it(`${format}: ${CASES_PER_FORMAT} mutations`, { timeout: 30_000 }, () => {
      const random = mulberry32(0x5eed + format.length * 7919);
      const originals = seeds.map((s) => ({ name: s, bytes: fixtureBytes(s) }));
      let refused = 0;
      let slowest = 0;
      for (let i = 0; i < CASES_PER_FORMAT; i++) {
        const original = originals[i % originals.length];
        const mutate = MUTATIONS[randomInt(random, MUTATIONS.length)];
        const { bytes, what } = mutate(original.bytes, random, headerEnd(original.name, original.bytes));
        const started = performance.now();
        try {
          const file = loadTensorFile(original.name, bytes);
          for (const t of file.tensors.values()) {
            assert.equal(
              t.data.length,
              t.shape.reduce((a, d) => a * d, 1),
              `${original.name} (${what}): ${t.name} size`,
            );
            assert.ok(t.data.every(Number.isFinite), `${original.name} (${what}): ${t.name} has non-finite values`);
          }
        } catch (e) {
          if (!isInputError(e))
            assert.fail(`case ${i}, ${original.name} (${what}): ${(e as Error)?.stack ?? String(e)}`);
          assert.equal(e.file, original.name);
          refused++;
        }
        slowest = Math.max(slowest, performance.now() - started);
        assert.ok(
          performance.now() - started < SLOW_CASE_MS,
          `case ${i}, ${original.name} (${what}) took ${performance.now() - started} ms`,
        );
      }
      // The mutations must actually break files, or this test proves nothing.
      assert.ok(
        refused > CASES_PER_FORMAT / 3,
        `${format}: only ${refused} of ${CASES_PER_FORMAT} mutations were refused`,
      );
    });
  }
});

describe('fuzz: weight JSON diagnostics and hovers never throw', () => {
  it(
    '2000 mutated JSON texts: diagnostics are data with ranges inside the text; hovers answer or say why not',
    { timeout: 30_000 },
    () => {
      const random = mulberry32(0x15011);
      const tied = new TextEncoder().encode(
        '{"cell": "rnn", "W_hh": [[0.5, 0.1], [0.2, 0.3]], "W_xh": [[1, 2, 3], [4, 5, 6]], "b_h": [0, 1], "W_hy": [[1, 4], [2, 5], [3, 6]], "tied": [["W_xh", "W_hy^T"]]}',
      );
      const originals = [fixtureBytes('model/torch-rnn.json'), fixtureBytes('model/keras-rnn.json'), tied];
      let flagged = 0;
      for (let i = 0; i < 2000; i++) {
        const original = originals[i % originals.length];
        const { bytes, what } = MUTATIONS[randomInt(random, MUTATIONS.length)](original, random, original.length);
        const text = new TextDecoder().decode(bytes);
        try {
          const doc = parseWeightsJson(text);
          const diagnostics = diagnoseWeightsJson(doc);
          for (const d of diagnostics)
            assert.ok(
              d.range.start >= 0 && d.range.end <= text.length && d.range.start <= d.range.end,
              `case ${i}: range`,
            );
          if (diagnostics.length > 0) flagged++;
          // Hovers run a short analysis: try them on a sample only.
          if (i % 10 === 0) {
            const t = [...doc.tensors.values()][randomInt(random, doc.tensors.size)];
            if (t && tensorAtKey(doc, t.keyRange.start)) weightsHover(doc, text, 'fuzz.json', t.keyRange.start);
          }
        } catch (e) {
          assert.fail(`case ${i} (${what}): ${(e as Error)?.stack ?? String(e)}`);
        }
      }
      assert.ok(flagged > 200, `only ${flagged} of 2000 mutated texts got a diagnostic`);
    },
  );
});

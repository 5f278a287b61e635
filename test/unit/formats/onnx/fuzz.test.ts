// Seeded mutations of ONNX files written by torch.onnx.export: each read ends in a result or an InputError naming
// the file, quickly, never another exception, and what a result decodes stays in proportion to the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInputError } from '../../../../src/core/errors';
import { readOnnx } from '../../../../src/core/formats/onnx';
import { listLayers } from '../../../../src/core/model/recognize';
import { onnxFixture } from './fixtures';
import { mulberry32, randomInt } from '../../seeded-random';

const CASES = 3000;
/** Far above any honest case (well under 1 ms), low enough to catch a runaway loop on a busy machine. */
const SLOW_CASE_MS = 1000;

/** Keys, wire types and lengths: what a mutated protobuf most often meets. */
const INTERESTING = [0x08, 0x0a, 0x12, 0x1a, 0x22, 0x3a, 0x42, 0x0d, 0x09, 0x0f, 0x80, 0xff, 0x7f, 0, 1];

type Mutation = (b: Uint8Array, r: () => number) => { bytes: Uint8Array; what: string };
const MUTATIONS: Mutation[] = [
  (b, r) => {
    const c = b.slice();
    const flips = 1 + randomInt(r, 6);
    for (let i = 0; i < flips; i++) c[randomInt(r, c.length)] ^= 1 << randomInt(r, 8);
    return { bytes: c, what: `${flips} bit flips` };
  },
  (b, r) => {
    const c = b.slice();
    const n = 1 + randomInt(r, 4);
    for (let i = 0; i < n; i++) c[randomInt(r, c.length)] = INTERESTING[randomInt(r, INTERESTING.length)];
    return { bytes: c, what: `${n} bytes set to keys` };
  },
  (b, r) => {
    const c = b.slice();
    const at = randomInt(r, c.length - 5);
    c.set([0xff, 0xff, 0xff, 0xff, randomInt(r, 16)], at);
    return { bytes: c, what: `a huge varint at ${at}` };
  },
  (b, r) => {
    const n = randomInt(r, b.length);
    return { bytes: b.slice(0, n), what: `truncated to ${n}` };
  },
  (b, r) => {
    const start = randomInt(r, b.length);
    const span = b.subarray(start, start + 1 + randomInt(r, 16));
    const c = new Uint8Array(b.length + span.length);
    c.set(b.subarray(0, start));
    c.set(span, start);
    c.set(b.subarray(start), start + span.length);
    return { bytes: c, what: `span at ${start} duplicated` };
  },
];

test(`${CASES} mutations of ONNX files each give a result or an InputError`, () => {
  const seeds = ['rnn-tanh.onnx', 'rnn-relu-bidirectional-2layers.onnx', 'lstm.onnx', 'rnn-external.onnx'].map(
    (file) => ({ file, bytes: onnxFixture(file) }),
  );
  const random = mulberry32(0x0411);
  let refused = 0;
  for (let i = 0; i < CASES; i++) {
    const seed = seeds[i % seeds.length];
    const { bytes, what } = MUTATIONS[randomInt(random, MUTATIONS.length)](seed.bytes, random);
    const started = performance.now();
    try {
      const file = readOnnx(bytes, seed.file);
      let elements = 0;
      for (const t of file.tensors.values()) elements += t.data.length;
      assert.ok(elements <= bytes.length, `case ${i}, ${seed.file} (${what}): ${elements} elements`);
      listLayers(file);
    } catch (e) {
      if (!isInputError(e)) assert.fail(`case ${i}, ${seed.file} (${what}): ${(e as Error)?.stack ?? String(e)}`);
      assert.equal(e.file, seed.file);
      refused++;
    }
    const took = performance.now() - started;
    assert.ok(took < SLOW_CASE_MS, `case ${i}, ${seed.file} (${what}) took ${took} ms`);
  }
  assert.ok(refused > CASES / 10, `only ${refused} of ${CASES} mutations were refused`);
});

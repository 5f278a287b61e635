// Keys a file chooses are only names: "__proto__", "constructor", "prototype", "hasOwnProperty" and "toString" as
// JSON weight keys, safetensors tensor names and __metadata__ keys, npz member names and config keys neither
// inject settings nor find inherited values, they are listed as the names they are, and no built-in prototype
// changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalysisResult } from '../../../src/core/analysis/types';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import { hoverAt } from '../../../src/core/config/hover';
import { readJsonWeights } from '../../../src/core/formats/json';
import { loadTensorFile } from '../../../src/core/formats/load';
import { fileReport } from '../../../src/core/inspect/file-report';
import { parseWeightsJson } from '../../../src/core/inspect/weights-json';
import { weightsHover } from '../../../src/core/inspect/weights-hover';
import { recognizeModel } from '../../../src/core/model/recognize';
import { assertPrototypesUntouched, assertRefused, runCliBounded, scratchFolder } from './harness';

const HOSTILE = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'] as const;
const W_HH = [
  [0.5, 0],
  [0, 0.5],
];

/** A safetensors file by its specification: u64 header length, the JSON header text as given, F64 data. */
function safetensors(headerText: string, data: Float64Array): Buffer {
  const text = Buffer.from(headerText);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  return Buffer.concat([length, text, Buffer.from(data.buffer)]);
}

/** The header as text: JSON.stringify would drop an own "__proto__" key of an object literal. */
function headerText(entries: [string, unknown][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

test('JSON weights: a "__proto__" object cannot set the activation; hostile keys are plain metadata', async () => {
  const text = `{"__proto__": {"activation": "relu", "nonlinearity": "relu", "cell": "lstm"}, "constructor": "x",
    "prototype": "y", "hasOwnProperty": 1, "toString": null, "W_hh": ${JSON.stringify(W_HH)}}`;
  await assertPrototypesUntouched(() => {
    const file = readJsonWeights(text, 'w.json');
    for (const key of HOSTILE) assert.ok(Object.hasOwn(file.metadata, key), `${key} kept as an entry`);
    assert.equal(Object.getPrototypeOf(file.metadata), null, 'metadata inherits nothing');
    const model = recognizeModel(file);
    assert.equal(model.activation, 'tanh');
    assert.equal(model.activationSource, 'default');
  });
  const scratch = scratchFolder('keys');
  try {
    const path = join(scratch.dir, 'w.json');
    writeFileSync(path, text);
    const run = runCliBounded(['analyze', path, '--json', '--steps', '5']);
    assert.equal(run.code, 0, run.stderr);
    const r = JSON.parse(run.stdout) as AnalysisResult;
    assert.equal(r.model.activation, 'tanh');
    assert.equal(r.model.activationSource, 'default');
  } finally {
    scratch.remove();
  }
});

test('JSON weights: tensors named "__proto__", "constructor", … are tensors with those names', async () => {
  const entries = HOSTILE.map((k, i) => `${JSON.stringify(k)}: [[${i + 1}]]`).join(', ');
  const text = `{${entries}, "W_hh": ${JSON.stringify(W_HH)}}`;
  await assertPrototypesUntouched(() => {
    const file = readJsonWeights(text, 'w.json');
    for (const [i, key] of HOSTILE.entries()) assert.deepEqual([...file.tensors.get(key)!.data], [i + 1], key);
    const report = fileReport(file);
    assert.deepEqual(
      report.rows.map((r) => r.name),
      [...HOSTILE, 'W_hh'],
    );
    assert.equal(report.analysable, true);
    // The editor's view of the same text: the same names, and a hover on one names it.
    const doc = parseWeightsJson(text);
    assert.deepEqual([...doc.tensors.keys()].sort(), [...HOSTILE, 'W_hh'].sort());
    const hover = weightsHover(doc, text, 'w.json', text.indexOf('"__proto__"') + 2);
    assert.ok(hover?.markdown.startsWith('**__proto__** — 1×1'), hover?.markdown);
  });
});

test('the editor view of a weights JSON keeps a "__proto__" object as metadata named "__proto__"', async () => {
  const text = `{"__proto__": {"activation": "relu"}, "W_hh": ${JSON.stringify(W_HH)}}`;
  await assertPrototypesUntouched(() => {
    const doc = parseWeightsJson(text);
    assert.ok(doc.metadata.has('__proto__'));
    assert.equal(doc.metadata.has('activation'), false);
  });
});

test('safetensors: hostile tensor names and __metadata__ keys are names; the activation is not injected', async () => {
  const tensorEntries: [string, unknown][] = HOSTILE.map((k, i) => [
    k,
    { dtype: 'F64', shape: [1], data_offsets: [8 * i, 8 * (i + 1)] },
  ]);
  const end = 8 * HOSTILE.length;
  const header = headerText([
    ['__metadata__', Object.fromEntries(HOSTILE.map((k) => [k, 'relu']))],
    ...tensorEntries,
    ['W_hh', { dtype: 'F64', shape: [2, 2], data_offsets: [end, end + 32] }],
  ]).replace('"__metadata__": {', '"__metadata__": {"__proto__": "relu", ');
  const bytes = safetensors(header, Float64Array.from([1, 2, 3, 4, 5, 0.5, 0, 0, 0.5]));
  await assertPrototypesUntouched(() => {
    const file = loadTensorFile('w.safetensors', bytes);
    assert.deepEqual([...file.tensors.keys()].sort(), [...HOSTILE, 'W_hh'].sort());
    assert.deepEqual([...file.tensors.get('__proto__')!.data], [1]);
    for (const key of HOSTILE) assert.equal(file.metadata[key], 'relu', `__metadata__.${key} is its own string`);
    assert.equal(Object.getPrototypeOf(file.metadata), null);
    const model = recognizeModel(file);
    assert.equal(model.activationSource, 'default');
    assert.deepEqual(
      fileReport(file)
        .rows.map((r) => r.name)
        .sort(),
      [...HOSTILE, 'W_hh'].sort(),
    );
  });
  const scratch = scratchFolder('keys');
  try {
    const path = join(scratch.dir, 'w.safetensors');
    writeFileSync(path, bytes);
    const run = runCliBounded(['analyze', path, '--steps', '5']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /activation tanh \(not stored in the file/);
  } finally {
    scratch.remove();
  }
});

test('npz: members named "__proto__.npy", "constructor.npy", … are tensors with those names', async () => {
  const scratch = scratchFolder('keys');
  try {
    const path = join(scratch.dir, 'w.npz');
    const members = HOSTILE.map((k, i) => `${JSON.stringify(k)}: np.array([${i + 1}.0])`).join(', ');
    const r = spawnSync(
      'python3',
      ['-c', `import numpy as np\nnp.savez(${JSON.stringify(path)}, W_hh=0.5 * np.eye(2), **{${members}})`],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const bytes = new Uint8Array(readFileSync(path));
    await assertPrototypesUntouched(() => {
      const file = loadTensorFile('w.npz', bytes);
      assert.deepEqual([...file.tensors.keys()].sort(), [...HOSTILE, 'W_hh'].sort());
      for (const [i, key] of HOSTILE.entries()) assert.deepEqual([...file.tensors.get(key)!.data], [i + 1], key);
      assert.equal(recognizeModel(file).hiddenSize, 2);
    });
    const run = runCliBounded(['analyze', path, '--steps', '5']);
    assert.equal(run.code, 0, run.stderr);
  } finally {
    scratch.remove();
  }
});

test('configs: hostile keys are unknown keys, tied members named "constructor" have no shape, hovers no docs', async () => {
  const text = `{"constructor": {"a": 1}, "__proto__": {"x": 1}, "toString": 3,
  "model": {"hidden_size": 4, "input_size": 2, "hasOwnProperty": 1, "prototype": {"b": 2}},
  "tied": [["constructor", "W_hh"], ["toString^T", "W_xh"]]}`;
  const diagnostics = await assertPrototypesUntouched(() => {
    const ctx = buildContext(text, 'c.rnn.json');
    for (const key of HOSTILE) {
      const hover = hoverAt(ctx, text.indexOf(`"${key}"`) + 2);
      assert.doesNotMatch(hover?.markdown ?? '', /function|native code|\[object/, `hover on ${key}`);
    }
    return diagnoseConfig(ctx);
  });
  for (const key of HOSTILE) {
    assert.ok(
      diagnostics.some((d) => d.code === 'unknown-key' && d.message.includes(`"${key}"`)),
      `${key} reported as an unknown key`,
    );
  }
  // Neither member has a shape the config implies, so the groups say nothing about shapes.
  assert.equal(
    diagnostics.filter((d) => d.code === 'tied-shape').length,
    0,
    diagnostics.map((d) => d.message).join('\n'),
  );
  for (const d of diagnostics) assert.doesNotMatch(d.message, /undefined|function|native code/, d.message);

  const scratch = scratchFolder('keys');
  try {
    for (const [name, body] of [
      ['c.rnn.json', text],
      ['c.rnn.yaml', 'constructor: 1\n__proto__:\n  activation: relu\nmodel:\n  hidden_size: 4\n  toString: 2\n'],
    ]) {
      const path = join(scratch.dir, name);
      writeFileSync(path, body);
      const run = runCliBounded(['check', path]);
      // Warnings only (exit 0), no stack trace, each naming the file and the key.
      assertRefused(run, { code: 0 });
      assert.match(
        run.stdout,
        new RegExp(`${name.replace(/\./g, '\\.')}:\\d+:\\d+: warning: Unknown key "constructor"`),
      );
      assert.match(run.stdout, /Unknown key "__proto__"/);
      assert.doesNotMatch(run.stdout + run.stderr, /undefined|error:/);
    }
  } finally {
    scratch.remove();
  }
});

// Every SimpleRNN Keras fixture analysed through the CLI gives exactly the analysis of the same weights written as
// a Keras-named JSON (with the activation the model config states), and the tensors the readers produce are the
// values h5py wrote.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { runCli } from '../../cli/run-cli';
import { expectedKeras, KERAS_FIXTURES, kerasFixture } from './fixtures';
import { comparableAnalysis, nestedRows } from '../comparable-analysis';

const simpleRnnFiles = Object.entries(expectedKeras.files).filter(
  ([name, file]) =>
    !name.startsWith('__proto__') &&
    name !== 'no_weights.keras' &&
    Object.keys(file.tensors).some((k) => /simple_rnn_cell\/recurrent_kernel:0$/.test(k)),
);

test('every SimpleRNN fixture (.h5 and .keras) analyses exactly as its weights written as Keras-named JSON', () => {
  assert.ok(simpleRnnFiles.length >= 9, `only ${simpleRnnFiles.length} SimpleRNN fixtures`);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-keras-same-'));
  try {
    for (const [name, file] of simpleRnnFiles) {
      // Only the recurrent layers: a Dense read-out under Keras names is no part of our JSON's vocabulary.
      const weights: Record<string, unknown> = Object.fromEntries(
        Object.entries(file.tensors)
          .filter(([key]) => /_cell\//.test(key))
          .map(([key, t]) => [key, nestedRows(t.shape, t.values)]),
      );
      if (file.activation) weights.activation = file.activation;
      const json = join(dir, `${name}.json`);
      writeFileSync(json, JSON.stringify(weights));
      for (const layer of ['0', '1']) {
        const fromKeras = runCli(['analyze', join(KERAS_FIXTURES, name), '--json', '--layer', layer]);
        const fromJson = runCli(['analyze', json, '--json', '--layer', layer]);
        assert.equal(fromKeras.code, fromJson.code, `${name} layer ${layer}: ${fromKeras.stderr} / ${fromJson.stderr}`);
        if (fromJson.code !== 0) continue; // a one-layer file has no layer 1, in either form
        assert.deepEqual(
          comparableAnalysis(fromKeras.stdout),
          comparableAnalysis(fromJson.stdout),
          `${name} layer ${layer}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a SimpleRNN saved with relu is analysed as relu, from the file; save_weights states none (tanh, default)', () => {
  for (const name of ['relu.h5', 'relu.keras']) {
    const model = (
      JSON.parse(runCli(['analyze', join(KERAS_FIXTURES, name), '--json']).stdout) as { model: Record<string, unknown> }
    ).model;
    assert.equal(model.activation, 'relu', name);
    assert.equal(model.activationSource, 'file', name);
  }
  const weightsOnly = runCli(['analyze', join(KERAS_FIXTURES, 'weights_only.h5'), '--json']);
  assert.equal(
    (JSON.parse(weightsOnly.stdout) as { model: Record<string, unknown> }).model.activationSource,
    'default',
  );
});

test('the readers give the values h5py wrote, .keras tensors under the layer names of config.json', () => {
  const h5 = loadTensorFile('simple_rnn.h5', kerasFixture('simple_rnn.h5'));
  for (const [key, t] of Object.entries(expectedKeras.files['simple_rnn.h5'].tensors)) {
    const got = h5.tensors.get(key);
    assert.ok(got, key);
    assert.deepEqual(got.shape, t.shape);
    assert.deepEqual(Array.from(got.data), t.values);
  }
  const bidi = loadTensorFile('bidirectional.keras', kerasFixture('bidirectional.keras'));
  assert.deepEqual([...bidi.tensors.keys()].sort(), [
    'my_bidi/backward_inner_rnn/cell/bias',
    'my_bidi/backward_inner_rnn/cell/kernel',
    'my_bidi/backward_inner_rnn/cell/recurrent_kernel',
    'my_bidi/forward_inner_rnn/cell/bias',
    'my_bidi/forward_inner_rnn/cell/kernel',
    'my_bidi/forward_inner_rnn/cell/recurrent_kernel',
  ]);
  const values = expectedKeras.files['bidirectional.keras'].tensors;
  assert.deepEqual(
    Array.from(bidi.tensors.get('my_bidi/backward_inner_rnn/cell/recurrent_kernel')!.data),
    values['my_bidi/backward_inner_rnn/simple_rnn_cell/recurrent_kernel:0'].values,
  );
});

test('LSTM and GRU files (Keras 2 .h5 and Keras 3 .keras) are analysed as their cell', () => {
  for (const [name, cell] of [
    ['lstm.h5', 'lstm'],
    ['gru.h5', 'gru'],
    ['lstm.keras', 'lstm'],
    ['gru.keras', 'gru'],
  ]) {
    const r = runCli(['analyze', join(KERAS_FIXTURES, name), '--json', '--steps', '8']);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { model: { cell: string }; gates: Record<string, unknown> };
    assert.equal(out.model.cell, cell, name);
    assert.deepEqual(Object.keys(out.gates), cell === 'lstm' ? ['i', 'f', 'g', 'o'] : ['r', 'z', 'n'], name);
  }
});

test('the example keras_simple_rnn.h5 analyses', () => {
  const r = runCli(['analyze', join(KERAS_FIXTURES, '..', '..', '..', 'examples', 'keras_simple_rnn.h5'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { model: { hiddenSize: number } }).model.hiddenSize, 8);
});

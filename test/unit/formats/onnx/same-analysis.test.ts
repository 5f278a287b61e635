// An ONNX file written by torch.onnx.export analyses exactly as the state_dict torch held for the exported module,
// written as a JSON: the reader splits W, R, B per direction and layer as torch's weight_ih/hh and biases.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../cli/run-cli';
import { EXPECTED, ONNX_FIXTURES } from './fixtures';
import { comparableAnalysis, nestedRows } from '../comparable-analysis';

const vanilla = Object.entries(EXPECTED.files).filter(([, f]) => f.cell === 'rnn' && f.constantFolding);

test('every RNN exported by torch.onnx.export analyses, per layer and direction, as torch held its weights', () => {
  assert.ok(vanilla.length >= 5, `only ${vanilla.length} RNN fixtures`);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-onnx-same-'));
  try {
    for (const [name, file] of vanilla) {
      const json = join(dir, `${name}.json`);
      const weights = Object.fromEntries(
        Object.entries(file.stateDict).map(([k, t]) => [k, nestedRows(t.shape, t.values)]),
      );
      writeFileSync(json, JSON.stringify({ ...weights, nonlinearity: file.nonlinearity }));
      for (let layer = 0; layer < file.numLayers; layer++) {
        for (const direction of file.bidirectional ? ['forward', 'reverse'] : ['forward']) {
          const args = ['--json', '--layer', String(layer), ...(direction === 'reverse' ? ['--reverse'] : [])];
          const fromOnnx = runCli(['analyze', join(ONNX_FIXTURES, name), ...args]);
          assert.equal(fromOnnx.code, 0, `${name}: ${fromOnnx.stderr}`);
          const fromJson = runCli(['analyze', json, ...args]);
          assert.equal(fromJson.code, 0, `${name} as JSON: ${fromJson.stderr}`);
          assert.deepEqual(
            comparableAnalysis(fromOnnx.stdout),
            comparableAnalysis(fromJson.stdout),
            `${name} ${layer} ${direction}`,
          );
          const model = (JSON.parse(fromOnnx.stdout) as { model: Record<string, unknown> }).model;
          assert.equal(model.format, 'onnx');
          // The activation comes from the node's `activations` attribute, not a default.
          assert.equal(model.activation, file.nonlinearity, name);
          assert.equal(model.activationSource, 'file', name);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LSTM and GRU nodes are analysed, with their hidden size and cell', () => {
  for (const [name, cell] of [
    ['lstm.onnx', 'lstm'],
    ['gru.onnx', 'gru'],
  ]) {
    const r = runCli(['analyze', join(ONNX_FIXTURES, name), '--json', '--steps', '10']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.model.cell, cell);
    assert.equal(out.model.hiddenSize, 4);
    assert.equal(out.model.stateSize, cell === 'lstm' ? 8 : 4);
    assert.equal(out.jacobian.spectral.length, 10);
  }
});

test('weights computed by graph nodes (no constant folding) are refused, naming the node and the way out', () => {
  const r = runCli(['analyze', join(ONNX_FIXTURES, 'rnn-unfolded.onnx')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /rnn-unfolded\.onnx: graph\.node\[\d+\] "\/RNN"\.input\[1\]: .*do_constant_folding=True/);
});

test('examples/pytorch_rnn.onnx analyses exactly as examples/pytorch_state_dict.json', () => {
  const examples = join(ONNX_FIXTURES, '..', '..', '..', 'examples');
  for (const layer of ['0', '1']) {
    const reference = runCli(['analyze', join(examples, 'pytorch_state_dict.json'), '--json', '--layer', layer]);
    assert.equal(reference.code, 0, reference.stderr);
    const r = runCli(['analyze', join(examples, 'pytorch_rnn.onnx'), '--json', '--layer', layer]);
    assert.equal(r.code, 0, r.stderr);
    const strip = (s: string) => {
      const a = comparableAnalysis(s) as { model: Record<string, unknown> };
      delete a.model.activationSource; // the ONNX node stores Tanh; the state_dict JSON says nothing
      return a;
    };
    assert.deepEqual(strip(r.stdout), strip(reference.stdout), `layer ${layer}`);
  }
});

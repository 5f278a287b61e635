// The same LSTM and GRU written by PyTorch (torch.save state_dict and *Cell modules), Keras 2 (HDF5, both GRU
// variants), torch.onnx.export and our JSON give the identical `analyze --json`, number for number: the analysis
// never sees a layout (fixtures from scripts/fixtures/gated-layouts.py, whose weights are exact in float32).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli';
import { fixturePath } from '../helpers';
import { comparableAnalysis } from './comparable-analysis';

const layouts = (name: string) => join(fixturePath('gated-layouts'), name);
const ARGS = ['--json', '--steps', '24', '--seed', '3'];

function analysis(file: string, extra: string[] = []): unknown {
  const r = runCli(['analyze', layouts(file), ...ARGS, ...extra]);
  assert.equal(r.code, 0, `${file}: ${r.stderr}`);
  return comparableAnalysis(r.stdout);
}

const SAME: Record<string, string[]> = {
  'lstm.pt': ['lstm-cell.pt', 'lstm.h5', 'lstm.onnx', 'lstm.json', 'lstm-summed-bias.json'],
  'gru.pt': ['gru-cell.pt', 'gru-reset-after.h5', 'gru-reset-after-weights.h5', 'gru.onnx', 'gru.json'],
  // Reset before W_hn has no PyTorch module: Keras (reset_after=False) against ONNX (linear_before_reset = 0).
  'gru-reset-before.h5': ['gru-reset-before-weights.h5', 'gru-reset-before.onnx'],
};

for (const [reference, others] of Object.entries(SAME)) {
  test(`${reference} analyses exactly as ${others.join(', ')}`, () => {
    const wanted = analysis(reference);
    const model = (wanted as { model: { cell: string } }).model;
    assert.notEqual(model.cell, 'rnn');
    for (const other of others) assert.deepEqual(analysis(other), wanted, other);
  });
}

test('a bidirectional 2-layer LSTM: layer 2 reverse is the same from the state_dict, the ONNX export and Keras', () => {
  const extra = ['--layer', '1', '--reverse'];
  const wanted = analysis('lstm-2x-bidi.pt', extra);
  assert.equal((wanted as { inputs: { feeds: string } }).inputs.feeds, 'first-layer');
  for (const other of ['lstm-2x-bidi.onnx', 'lstm-2x-bidi.h5']) assert.deepEqual(analysis(other, extra), wanted, other);
});

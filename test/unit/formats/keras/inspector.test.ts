// What the weights inspector shows for Keras files: every tensor with its role, and the model config's layers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { fileReport } from '../../../../src/core/inspect/file-report';
import { metadataText } from '../../../../src/core/inspect/metadata-lines';
import { kerasFixture } from './fixtures';

test('an .h5 lists its tensors with their roles and the layers of its model config', () => {
  const file = loadTensorFile('simple_rnn.h5', kerasFixture('simple_rnn.h5'));
  const rows = fileReport(file).rows;
  const role = (name: string) => rows.find((r) => r.name === name)?.role;
  assert.equal(role('simple_rnn/simple_rnn_cell/recurrent_kernel:0'), 'W_hhᵀ of layer 0, RNN');
  assert.ok(
    rows.some((r) => r.name === 'dense/kernel:0'),
    'the Dense read-out is listed',
  );
  const summary = metadataText(file.format, file.metadata).summary;
  assert.match(summary, /kerasVersion=2\.13\.1/);
  assert.match(summary, /simple_rnn \(SimpleRNN\)/);
});

test('a Bidirectional in a .keras shows both directions under the layer names of config.json', () => {
  const file = loadTensorFile('bidirectional.keras', kerasFixture('bidirectional.keras'));
  assert.match(metadataText(file.format, file.metadata).summary, /kerasVersion=3\.3\.3/);
  const roles = fileReport(file).rows.map((r) => `${r.name}: ${r.role}`);
  assert.ok(
    roles.includes('my_bidi/backward_inner_rnn/cell/recurrent_kernel: W_hhᵀ of layer 0 (reverse), RNN'),
    roles.join('\n'),
  );
});

// Our JSON format and state_dict JSON: reading, recognition, and every bad input with its message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { readJsonWeights } from '../../../src/core/formats/json';
import { loadTensorFile } from '../../../src/core/formats/load';
import { listLayers, recognizeModel } from '../../../src/core/model/recognize';
import { readFixture } from '../helpers';

const model = (o: Record<string, unknown>) =>
  JSON.stringify({
    cell: 'rnn',
    activation: 'tanh',
    W_hh: [
      [0.5, 0],
      [0, 0.5],
    ],
    W_xh: [[1], [2]],
    b_h: [0, 1],
    ...o,
  });
const recognize = (text: string, opts = {}) => recognizeModel(readJsonWeights(text, 'w.json'), opts);

function rejects(text: string, location: string, problem: RegExp, opts = {}): void {
  assert.throws(
    () => recognize(text, opts),
    (e: unknown) => {
      assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
      assert.equal(e.file, 'w.json');
      assert.equal(e.location, location);
      assert.match(e.problem, problem);
      assert.ok(e.message.startsWith(`w.json${location ? `: ${location}` : ''}: `), e.message);
      return true;
    },
  );
}

test('our format: shapes, bias, activation from the file', () => {
  const m = recognize(model({ activation: 'sigmoid' }));
  assert.equal(m.hiddenSize, 2);
  assert.equal(m.inputSize, 1);
  assert.equal(m.activation, 'sigmoid');
  assert.equal(m.activationSource, 'file');
  assert.deepEqual(Array.from(m.b_h), [0, 1]);
  assert.deepEqual(Array.from(m.W_xh.data), [1, 2]);
});

test('state_dict JSON with a module prefix: b = bias_ih + bias_hh, tanh by default, every layer listed', () => {
  const sd = readFixture<Record<string, number[][]>>('rnn', 'state_dict.json');
  const file = readJsonWeights(JSON.stringify(sd), 'sd.json');
  assert.equal(file.format, 'json-state-dict');
  const layers = listLayers(file);
  assert.deepEqual(
    layers.map((l) => `${l.layer}${l.direction}`),
    ['0forward', '0reverse', '1forward', '1reverse'],
  );
  assert.equal(layers[2].inputSize, 10, 'layer 1 of a bidirectional stack reads both directions');
  const m = recognizeModel(file);
  assert.equal(m.activationSource, 'default');
  assert.equal(m.activation, 'tanh');
  const b = (sd['rnn.bias_ih_l0'] as unknown as number[]).map(
    (v, i) => v + (sd['rnn.bias_hh_l0'] as unknown as number[])[i],
  );
  assert.deepEqual(Array.from(m.b_h), b);
  const reverse = recognizeModel(file, { layer: 1, direction: 'reverse', activation: 'relu' });
  assert.deepEqual(Array.from(reverse.W_hh.data), (sd['rnn.weight_hh_l1_reverse'] as number[][]).flat());
  assert.equal(reverse.activationSource, 'override');
  assert.throws(
    () => recognizeModel(file, { layer: 2 }),
    /no layer 2 in this file; layers: 0, 1 \(2 layers, 2 directions each, numbered from 0\)/,
  );
});

test('Keras naming: W_hh = recurrent_kernelᵀ, W_xh = kernelᵀ', () => {
  const text = JSON.stringify({
    'simple_rnn/kernel:0': [[1, 2, 3]],
    'simple_rnn/recurrent_kernel:0': [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
    'simple_rnn/bias:0': [0, 0, 1],
  });
  const m = recognize(text);
  assert.deepEqual(Array.from(m.W_hh.data), [1, 4, 7, 2, 5, 8, 3, 6, 9]);
  assert.deepEqual([m.W_xh.rows, m.W_xh.cols], [3, 1]);
});

test('LSTM and GRU state_dicts are recognised, never taken for a vanilla RNN', () => {
  const n = 2;
  const rows = (r: number, c: number) => Array.from({ length: r }, () => Array(c).fill(0.1));
  const lstm = JSON.stringify({
    'lstm.weight_hh_l0': rows(4 * n, n),
    'lstm.weight_ih_l0': rows(4 * n, 3),
    'lstm.bias_ih_l0': Array(4 * n).fill(0),
    'lstm.bias_hh_l0': Array(4 * n).fill(0),
  });
  rejects(
    lstm,
    '$["lstm.weight_hh_l0"]',
    /LSTM layer recognised \(hidden size 2: .*\[8×2\].*\): not a vanilla RNN layer/,
  );
  const gru = JSON.stringify({ weight_hh_l0: rows(3 * n, n) });
  rejects(gru, '$.weight_hh_l0', /GRU layer recognised/);
  assert.equal(listLayers(readJsonWeights(lstm, 'w.json'))[0].cell, 'lstm');
});

test('bad input: each gives its message and place', () => {
  rejects('{"W_hh": [[1, 2], [3]]}', '$.W_hh[1]', /ragged tensor: 1 entries where the first row has 2/);
  rejects('{"W_hh": [[1, 2, 3], [4, 5, 6]]}', '$.W_hh', /W_hh must be square .* \[2, 3\]/);
  rejects(model({ W_xh: [[1], [2], [3]] }), '$.W_xh', /W_xh has shape \[3, 1\], expected \[2, input size\]/);
  rejects(model({ b_h: [1, 2, 3] }), '$.b_h', /bias has shape \[3\], expected \[2\]/);
  rejects(
    model({
      W_hh: [
        [1, 'NaN'],
        [0, 1],
      ],
    }),
    '$.W_hh[0][1]',
    /"NaN" is not a finite number/,
  );
  rejects(
    model({
      W_hh: [
        [1, 0],
        ['-Infinity', 1],
      ],
    }),
    '$.W_hh[1][0]',
    /"-Infinity" is not a finite number/,
  );
  rejects(
    model({
      W_hh: [
        [1, 1e999],
        [0, 1],
      ],
    }).replace('null', '1e999'),
    '$.W_hh[0][1]',
    /overflows float64/,
  );
  rejects(
    model({
      W_hh: [
        [1, 'a'],
        [0, 1],
      ],
    }),
    '$.W_hh[0][1]',
    /expected a number, found a string "a"/,
  );
  rejects(model({ W_hh: [] }), '$.W_hh', /empty tensor/);
  rejects(model({ W_hh: [[]] }), '$.W_hh', /empty tensor/);
  rejects(model({ activation: 'swish' }), '$.activation', /unknown activation "swish"/);
  rejects(model({ cell: 'lstm' }), '$.cell', /cell "lstm" is not analysed/);
  rejects('{"W_hh": [[1, 2], [3, 4]', 'line 1, column 25', /malformed JSON/);
  rejects('{\n  "W_hh": [[1, 2],\n   [3, 4]],\n}', 'line 4, column 1', /malformed JSON/);
  rejects('[1, 2, 3]', '$', /expected a JSON object of named tensors, found an array/);
  rejects('{"name": "my model"}', '$', /no tensors found: this JSON is not an RNN weights file/);
  rejects('{"foo": [[1, 2]]}', '$', /no recurrent weight found/);
  rejects(model({ tied: [['W_xh', 'W_nope']] }), '$.tied[0][1]', /no tensor named "W_nope"/);
});

test('the size limit is enforced before parsing', () => {
  assert.throws(
    () => loadTensorFile('big.json', new Uint8Array(100), { maxBytes: 10 }),
    /big.json: file is 100 bytes, over the size limit of 10 bytes/,
  );
  assert.throws(() => loadTensorFile('x.bin', new Uint8Array([1, 2, 3])), /x.bin: unsupported weights file/);
});

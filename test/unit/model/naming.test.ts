// The naming tables: every name form of ours, PyTorch and Keras, the gate tables, the settings keys and the
// non-finite words, and that recognition, the JSON sniff and the diagnostics agree on them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readJsonWeights } from '../../../src/core/formats/json';
import { diagnoseWeightsJson } from '../../../src/core/inspect/diagnose-weights';
import { fileReport } from '../../../src/core/inspect/file-report';
import { tensorStatistics } from '../../../src/core/inspect/statistics';
import { parseWeightsJson } from '../../../src/core/inspect/weights-json';
import { weightsLayout } from '../../../src/core/model/layout';
import {
  isMetadataKey,
  isNonFiniteWord,
  isRecurrentName,
  jsonNamesRecurrentMatrix,
  KERAS,
  OURS,
  parseWeightName,
  PYTORCH,
  recurrentShape,
  recurrentShapesText,
} from '../../../src/core/model/naming';
import { listLayers, recognizeModel } from '../../../src/core/model/recognize';
import { checkTiedGroups } from '../../../src/core/rnn/tied';
import type { Tensor, TensorFile } from '../../../src/core/tensors';
import { REPO } from '../helpers';

const eye = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0.5 : 0)));
const weights = (o: Record<string, unknown>, file = 'w.json'): TensorFile => readJsonWeights(JSON.stringify(o), file);

describe('tensor names', () => {
  it('PyTorch: nn.RNN/LSTM/GRU names with any module prefix, layer and direction; the *Cell modules without', () => {
    const cases: [string, string, string, number | undefined, string][] = [
      ['weight_hh_l0', 'recurrent', '', 0, 'forward'],
      ['rnn.weight_hh_l1_reverse', 'recurrent', 'rnn', 1, 'reverse'],
      ['encoder.layers.0.rnn.weight_ih_l12', 'input', 'encoder.layers.0.rnn', 12, 'forward'],
      ['module.rnn.bias_ih_l0_reverse', 'inputBias', 'module.rnn', 0, 'reverse'],
      ['bias_hh_l3', 'recurrentBias', '', 3, 'forward'],
      ['cell.weight_hh', 'recurrent', 'cell', undefined, 'forward'],
      ['weight_ih', 'input', '', undefined, 'forward'],
    ];
    for (const [name, role, module, index, direction] of cases) {
      const p = parseWeightName(name);
      assert.equal(p?.framework, PYTORCH, name);
      assert.deepEqual([p.role, p.module, p.index, p.direction], [role, module, index, direction], name);
    }
  });

  it('Keras: variable names with / or . and a :k suffix, TensorFlow checkpoint keys, Bidirectional copies', () => {
    const cases: [string, string, string, string][] = [
      ['lstm/recurrent_kernel:0', 'recurrent', 'lstm', 'forward'],
      ['simple_rnn/simple_rnn_cell/kernel:0', 'input', 'simple_rnn/simple_rnn_cell', 'forward'],
      ['gru_1.bias', 'bias', 'gru_1', 'forward'],
      ['recurrent_kernel', 'recurrent', '', 'forward'],
      [
        'layer_with_weights-0/cell/recurrent_kernel/.ATTRIBUTES/VARIABLE_VALUE',
        'recurrent',
        'layer_with_weights-0/cell',
        'forward',
      ],
      [
        'bidirectional/forward_lstm/lstm_cell/recurrent_kernel:0',
        'recurrent',
        'bidirectional/lstm/lstm_cell',
        'forward',
      ],
      ['bidirectional/backward_lstm/lstm_cell/kernel:0', 'input', 'bidirectional/lstm/lstm_cell', 'reverse'],
    ];
    for (const [name, role, module, direction] of cases) {
      const p = parseWeightName(name);
      assert.equal(p?.framework, KERAS, name);
      assert.deepEqual([p.role, p.module, p.index, p.direction], [role, module, undefined, direction], name);
    }
  });

  it('ours: the exact top-level names; anything else is no weight name', () => {
    for (const [name, role] of [
      ['W_hh', 'recurrent'],
      ['W_xh', 'input'],
      ['b_h', 'bias'],
      ['W_hy', 'output'],
      ['b_y', 'outputBias'],
    ]) {
      assert.equal(parseWeightName(name)?.framework, OURS, name);
      assert.equal(parseWeightName(name)?.role, role, name);
    }
    for (const name of [
      'W_hh_old',
      'rnn.W_hh',
      'weight_hh_l0_forward',
      'weight_hh_lx',
      'recurrent_kernel_1',
      'note',
      'fc.weight',
    ]) {
      assert.equal(parseWeightName(name), undefined, name);
    }
    assert.deepEqual(
      [
        'W_hh',
        'rnn.weight_hh_l1_reverse',
        'cell.weight_hh',
        'lstm/recurrent_kernel:0',
        'rnn.weight_ih_l0',
        'kernel:0',
      ].map(isRecurrentName),
      [true, true, true, true, false, false],
    );
  });
});

describe('gate tables', () => {
  it('PyTorch stacks gates on rows (H, 3H, 4H × H), Keras on columns; anything else is no cell', () => {
    assert.deepEqual(recurrentShape(PYTORCH, [3, 3]), { cell: 'rnn', hidden: 3 });
    assert.deepEqual(recurrentShape(PYTORCH, [9, 3]), { cell: 'gru', hidden: 3 });
    assert.deepEqual(recurrentShape(PYTORCH, [12, 3]), { cell: 'lstm', hidden: 3 });
    assert.equal(recurrentShape(PYTORCH, [6, 3]), undefined);
    assert.equal(recurrentShape(PYTORCH, [3, 12]), undefined);
    assert.deepEqual(recurrentShape(KERAS, [3, 12]), { cell: 'lstm', hidden: 3 });
    assert.deepEqual(recurrentShape(KERAS, [3, 9]), { cell: 'gru', hidden: 3 });
    // Our format holds PyTorch's layout for "cell": "lstm" | "gru".
    assert.deepEqual(recurrentShape(OURS, [9, 3]), { cell: 'gru', hidden: 3 });
    assert.deepEqual(recurrentShape(OURS, [12, 3]), { cell: 'lstm', hidden: 3 });
    assert.equal(recurrentShape(OURS, [6, 3]), undefined);
    assert.equal(recurrentShape(PYTORCH, [3]), undefined);
  });
  it('each framework names its gate order and its shapes', () => {
    assert.deepEqual(PYTORCH.gates, { rnn: ['h'], gru: ['r', 'z', 'n'], lstm: ['i', 'f', 'g', 'o'] });
    assert.deepEqual(KERAS.gates, { rnn: ['h'], gru: ['z', 'r', 'h'], lstm: ['i', 'f', 'c', 'o'] });
    assert.equal(recurrentShapesText(PYTORCH), 'H×H (RNN), 3H×H (GRU) or 4H×H (LSTM)');
    assert.equal(recurrentShapesText(KERAS), 'H×H (SimpleRNN), H×3H (GRU) or H×4H (LSTM)');
  });
});

describe('settings keys and non-finite words', () => {
  it('settings are never tensors, in the reader and in the located reader alike', () => {
    for (const key of ['cell', 'activation', 'nonlinearity', 'tied', 'version', 'name', 'description'])
      assert.ok(isMetadataKey(key), key);
    assert.ok(!isMetadataKey('W_hh'));
    const text = JSON.stringify({
      W_hh: eye(2),
      description: [
        [1, 2],
        [3, 4],
      ],
    });
    assert.deepEqual([...readJsonWeights(text, 'w.json').tensors.keys()], ['W_hh']);
    assert.deepEqual([...parseWeightsJson(text).tensors.keys()], ['W_hh']);
  });
  it('the published JSON schema of our format names the same tensors and settings', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'rnn-weights.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
    };
    const properties = Object.keys(schema.properties);
    assert.deepEqual(properties.filter((k) => !isMetadataKey(k)).sort(), [...OURS.parts.keys()].sort());
    assert.ok(properties.every((k) => isMetadataKey(k) || OURS.parts.has(k)));
  });
  it('NaN and Infinity spelled as words, in any case, with a sign and spaces', () => {
    for (const w of ['NaN', 'nan', '-nan', '+Infinity', ' -Infinity ', 'inf', '-INF']) assert.ok(isNonFiniteWord(w), w);
    for (const w of ['nano', 'Infinityx', '1e999', '', 'in f']) assert.ok(!isNonFiniteWord(w), w);
  });
  it('a "__proto__" key is a plain entry, never the prototype of the settings', () => {
    const file = readJsonWeights('{"W_hh": [[0.5]], "__proto__": {"cell": "lstm", "activation": "relu"}}', 'w.json');
    assert.equal(Object.getPrototypeOf(file.metadata), null); // no prototype at all, least of all the file's object
    assert.ok(Object.hasOwn(file.metadata, '__proto__'));
    const m = recognizeModel(file);
    assert.equal(m.activation, 'tanh');
    assert.equal(m.activationSource, 'default');
  });
  it('a tied member named "constructor" is a name, not a property of every object', () => {
    const m = recognizeModel(
      readJsonWeights('{"W_hh": [[0.5]], "constructor": [[0.5]], "tied": [["W_hh", "constructor"]]}', 'w.json'),
    );
    assert.equal(checkTiedGroups(m, undefined)[0].problem, '"constructor" is not one of W_hh, W_xh, b_h, W_hy, b_y');
  });
});

describe('one table, the same answer everywhere', () => {
  const cellDict = {
    'cell.weight_hh': eye(2),
    'cell.weight_ih': [[1], [2]],
    'cell.bias_ih': [0, 1],
    'cell.bias_hh': [1, 0],
  };

  it('a PyTorch nn.RNNCell state_dict, which the sniff offers, is recognised as one layer', () => {
    const text = JSON.stringify(cellDict);
    assert.ok(jsonNamesRecurrentMatrix(text));
    const m = recognizeModel(readJsonWeights(text, 'cell.json'));
    assert.deepEqual([m.hiddenSize, m.inputSize, m.source.layer], [2, 1, 0]);
    assert.deepEqual(Array.from(m.b_h), [1, 1]);
  });

  it('the sniff answers from the names recognition knows, keys escaped or not', () => {
    assert.ok(
      jsonNamesRecurrentMatrix('{"layer_with_weights-0/cell/recurrent_kernel/.ATTRIBUTES/VARIABLE_VALUE": [[1]]}'),
    );
    assert.ok(jsonNamesRecurrentMatrix('{"rnn\\u002eweight_hh_l0": [[1]]}'));
    assert.ok(!jsonNamesRecurrentMatrix('{"rnn.W_hh": [[1]], "note": "weight_hh_l0"}'));
  });

  it('TensorFlow checkpoint keys: W_hh = recurrent_kernelᵀ, and a bad kernel marked in the JSON', () => {
    const prefix = 'layer_with_weights-0/cell/';
    const suffix = '/.ATTRIBUTES/VARIABLE_VALUE';
    const sd = {
      [`${prefix}kernel${suffix}`]: [[1, 2]],
      [`${prefix}recurrent_kernel${suffix}`]: [
        [1, 2],
        [3, 4],
      ],
      [`${prefix}bias${suffix}`]: [0, 1],
    };
    const m = recognizeModel(weights(sd));
    assert.deepEqual(Array.from(m.W_hh.data), [1, 3, 2, 4]);
    assert.deepEqual(Array.from(m.W_xh.data), [1, 2]);
    const bad = JSON.stringify({ ...sd, [`${prefix}kernel${suffix}`]: [[1, 2, 3]] });
    assert.deepEqual(
      diagnoseWeightsJson(parseWeightsJson(bad)).map((d) => d.code),
      ['shape-mismatch'],
    );
  });

  it('Keras Bidirectional: one layer with two directions; layers in natural order (simple_rnn_2 before simple_rnn_10)', () => {
    const bi = weights({
      'bidirectional/forward_simple_rnn/simple_rnn_cell/recurrent_kernel:0': eye(2),
      'bidirectional/backward_simple_rnn/simple_rnn_cell/recurrent_kernel:0': [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    });
    assert.deepEqual(
      listLayers(bi).map((l) => `${l.layer} ${l.direction}`),
      ['0 forward', '0 reverse'],
    );
    assert.deepEqual(Array.from(recognizeModel(bi, { direction: 'reverse' }).W_hh.data), [0.1, 0.3, 0.2, 0.4]);
    const stacked = weights({
      'simple_rnn_10/recurrent_kernel:0': [[0.1]],
      'simple_rnn_2/recurrent_kernel:0': [[0.2]],
    });
    assert.deepEqual(
      listLayers(stacked).map((l) => l.tensors[0].name),
      ['simple_rnn_2/recurrent_kernel:0', 'simple_rnn_10/recurrent_kernel:0'],
    );
  });

  it('recognition, the layout and the statistics take the same tensors for recurrent matrices', () => {
    const sd = {
      'rnn.weight_hh_l0': eye(2),
      'rnn.weight_ih_l0': [[1], [2]],
      'rnn.weight_hh_l0_reverse': eye(2),
      'fc.weight': eye(2),
    };
    const file = weights(sd);
    const recurrent = [...file.tensors.values()]
      .filter((t: Tensor) => tensorStatistics(t).spectralRadius !== undefined)
      .map((t) => t.name);
    assert.deepEqual(recurrent, ['rnn.weight_hh_l0', 'rnn.weight_hh_l0_reverse']);
    assert.deepEqual(
      weightsLayout(file.tensors.values())?.layers.map((l) => l.parts.get('recurrent')?.name),
      recurrent,
    );
    const roles = Object.fromEntries(fileReport(file).rows.map((r) => [r.name, r.role]));
    assert.deepEqual(roles, {
      'rnn.weight_hh_l0': 'W_hh of layer 0, RNN',
      'rnn.weight_ih_l0': 'W_xh of layer 0, RNN',
      'rnn.weight_hh_l0_reverse': 'W_hh of layer 0 (reverse), RNN',
      'fc.weight': undefined,
    });
  });
});

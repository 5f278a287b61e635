// Gated layouts that cannot be right: each is refused with an InputError naming the file and the tensor (or the
// setting), and saying what is wrong. The files are written by scripts/fixtures/gated-layouts.py.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { recognizeRecurrent, recognizeStack } from '../../../src/core/model/recognize-recurrent';
import type { TensorFile } from '../../../src/core/tensors';
import { loadGated } from './gated-fixtures';

function refused(run: () => unknown, file: string, location: string | RegExp, problem: RegExp): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.equal(e.file, file);
    if (typeof location === 'string') assert.equal(e.location, location);
    else assert.match(e.location, location);
    assert.match(e.problem, problem);
    return true;
  });
}

const recognizing = (name: string) => () => recognizeRecurrent(loadGated(name));

describe('gated layouts refused, by file and tensor', () => {
  it('gate rows that are not a multiple of the hidden size', () => {
    refused(
      recognizing('lstm-ragged-gates.json'),
      'lstm-ragged-gates.json',
      '$.W_hh',
      /found shape \[10, 4\]: its 10 gate rows are not a multiple of the hidden size 4/,
    );
  });

  it('a Keras GRU bias whose shape is not the one its reset_after asks for', () => {
    refused(
      recognizing('gru-reset-after-flat-bias.h5'),
      'gru-reset-after-flat-bias.h5',
      'tensor "gru/gru_cell/bias:0"',
      /reset_after=True is \[2, 12\].*config says reset_after=True.*found \[12\]/,
    );
    refused(
      recognizing('gru-reset-before-stacked-bias.h5'),
      'gru-reset-before-stacked-bias.h5',
      'tensor "gru/gru_cell/bias:0"',
      /reset_after=False is \[12\].*found \[2, 12\]/,
    );
  });

  it('ONNX peepholes of the wrong shape', () => {
    refused(
      recognizing('lstm-peepholes-wrong.onnx'),
      'lstm-peepholes-wrong.onnx',
      /lstm_node.*\.input\[7\]/,
      /peepholes P "P" have dims \[1, 8\], expected \[1, 12\]/,
    );
  });

  it('peepholes of the wrong shape under ONNX names from another reader', () => {
    const onnx = loadGated('lstm-peepholes.onnx');
    const name = 'lstm_node.P_l0';
    const P = onnx.tensors.get(name)!;
    const tensors = new Map(onnx.tensors).set(name, { ...P, shape: [8], data: P.data.subarray(0, 8) });
    refused(
      () => recognizeRecurrent({ ...onnx, tensors }),
      'lstm-peepholes.onnx',
      'tensor "lstm_node.P_l0"',
      /peepholes lstm_node\.P_l0 have shape \[8\], expected \[12\]/,
    );
  });

  it('a projection without its matrix, and a projection matrix of the wrong shape', () => {
    refused(
      recognizing('lstm-proj-missing.pt'),
      'lstm-proj-missing.pt',
      'tensor "weight_hh_l0"',
      /hidden size 4 with a projection to 2 .*weight_hr_l0 \[2, 4\] is missing/,
    );
    refused(
      recognizing('lstm-proj-wrong.pt'),
      'lstm-proj-wrong.pt',
      'tensor "weight_hr_l0"',
      /projection weight_hr_l0 has shape \[2, 5\], expected \[2, 4\]/,
    );
  });

  it('stacked layers whose sizes do not chain', () => {
    refused(
      () => recognizeStack(loadGated('lstm-2x-bidi-unchained.pt')),
      'lstm-2x-bidi-unchained.pt',
      'tensor "weight_ih_l1"',
      /layer 1 takes 4 inputs per step .*but layer 0 gives 4 × 2 directions = 8/,
    );
  });

  it('two modules with the same layer number are no one stack', () => {
    const lstm = loadGated('lstm.pt');
    const tensors = new Map(
      [...lstm.tensors.values()].flatMap((t) =>
        ['encoder', 'decoder'].map((m) => [`${m}.${t.name}`, { ...t, name: `${m}.${t.name}` }] as const),
      ),
    );
    refused(
      () => recognizeStack({ ...lstm, tensors }),
      'lstm.pt',
      'tensor "decoder.weight_hh_l0"',
      /encoder\.weight_hh_l0 and decoder\.weight_hh_l0 are both layer 0, of different modules/,
    );
  });

  it('a GRU given one summed bias, and a declared cell W_hh disagrees with', () => {
    refused(recognizing('gru-summed-bias.json'), 'gru-summed-bias.json', '$.b_h', /b_hn sits inside r ⊙/);
    refused(
      recognizing('gru-declared-lstm-shape.json'),
      'gru-declared-lstm-shape.json',
      '$.W_hh',
      /declares "cell": "gru", but W_hh \[16, 4\] is the recurrent matrix of an LSTM/,
    );
  });

  it('gates other than sigmoid / tanh: Keras hard_sigmoid, ONNX HardSigmoid', () => {
    refused(
      recognizing('lstm-hard-sigmoid.h5'),
      'lstm-hard-sigmoid.h5',
      'layer "lstm" setting recurrent_activation',
      /recurrent_activation="hard_sigmoid" is not analysed/,
    );
    refused(
      recognizing('lstm-hard-sigmoid.onnx'),
      'lstm-hard-sigmoid.onnx',
      'node "lstm_node" attribute activations',
      /HardSigmoid, Tanh, Tanh are not analysed.*Sigmoid, Tanh, Tanh/,
    );
  });

  it('an RNN activation in a gated JSON, at that key', () => {
    const lstm = loadGated('lstm.json');
    const metadata = Object.assign(Object.create(null) as Record<string, unknown>, lstm.metadata, {
      activation: 'relu',
    });
    refused(
      () => recognizeRecurrent({ ...lstm, metadata }),
      'lstm.json',
      '$.activation',
      /activation "relu" is an RNN's setting: an LSTM's gates are sigmoid/,
    );
    const tanh = Object.assign(Object.create(null) as Record<string, unknown>, lstm.metadata, { activation: 'tanh' });
    assert.equal(recognizeRecurrent({ ...lstm, metadata: tanh }).cell, 'lstm');
  });

  it('an activation override is for RNN cells only', () => {
    refused(
      () => recognizeRecurrent(loadGated('lstm.pt'), { activation: 'relu' }),
      'lstm.pt',
      'tensor "weight_hh_l0"',
      /override applies to RNN cells only/,
    );
  });

  it('names from the file never reach Object.prototype', () => {
    const file: TensorFile = {
      file: 'proto.json',
      format: 'json-model',
      tensors: loadGated('lstm.json').tensors,
      metadata: Object.create(null) as Record<string, unknown>,
    };
    // No own "cell": the inherited Object.prototype members are not read as one.
    refused(() => recognizeRecurrent(file), 'proto.json', '$.W_hh', /declares no "cell" \(an RNN\)/);
  });
});

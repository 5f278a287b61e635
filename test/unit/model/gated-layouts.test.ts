// The same LSTM and GRU written in every layout (PyTorch state_dicts and *Cell modules, Keras 2 HDF5, ONNX
// exported by torch and encoded by hand, our JSON) give the identical canonical model, bit for bit; the expected
// matrices are torch's own (PyTorch's gate order is the canonical one) or, for cells PyTorch has no module for,
// the ones the generator built the file from.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { recognizeRecurrent, recognizeStack } from '../../../src/core/model/recognize-recurrent';
import type { GruModel, LstmModel, RecurrentModel } from '../../../src/core/rnn/gated-model';
import { assertMatrix, assertSameBits, loadGated, stored } from './gated-fixtures';

const recognize = (name: string) => recognizeRecurrent(loadGated(name));

function asLstm(m: RecurrentModel): LstmModel {
  assert.equal(m.cell, 'lstm');
  return m as LstmModel;
}
function asGru(m: RecurrentModel): GruModel {
  assert.equal(m.cell, 'gru');
  return m as GruModel;
}

function sum(a: { values: number[] }, b: { values: number[] }): number[] {
  return a.values.map((v, i) => v + b.values[i]);
}

/** Two models the same in everything the analysis reads. */
function assertSameModel(actual: RecurrentModel, wanted: RecurrentModel, what: string): void {
  assert.equal(actual.cell, wanted.cell, `${what}: cell`);
  assert.equal(actual.hiddenSize, wanted.hiddenSize, `${what}: hidden size`);
  assert.equal(actual.inputSize, wanted.inputSize, `${what}: input size`);
  const matrices = ['W_ih', 'W_hh', 'W_hr'] as const;
  for (const key of matrices) {
    const a = (actual as unknown as Record<string, { rows: number; cols: number; data: Float64Array } | undefined>)[
      key
    ];
    const w = (wanted as unknown as Record<string, { rows: number; cols: number; data: Float64Array } | undefined>)[
      key
    ];
    assert.equal(a === undefined, w === undefined, `${what}: ${key} present`);
    if (a && w) assertMatrix(a, { shape: [w.rows, w.cols], values: [...w.data] }, `${what}: ${key}`);
  }
  if (actual.cell === 'lstm' && wanted.cell === 'lstm') {
    assertSameBits(actual.b, wanted.b, `${what}: b`);
    assert.equal(actual.outputSize, wanted.outputSize, `${what}: output size`);
    assert.equal(actual.peepholes, wanted.peepholes, `${what}: peepholes`);
    assert.equal(actual.coupledInputForget, wanted.coupledInputForget, `${what}: input_forget`);
    assert.equal(actual.clip, wanted.clip, `${what}: clip`);
  }
  if (actual.cell === 'gru' && wanted.cell === 'gru') {
    assertSameBits(actual.b_ih, wanted.b_ih, `${what}: b_ih`);
    assertSameBits(actual.b_hh, wanted.b_hh, `${what}: b_hh`);
    assert.equal(actual.resetAfter, wanted.resetAfter, `${what}: resetAfter`);
    assert.equal(actual.clip, wanted.clip, `${what}: clip`);
  }
}

describe('an LSTM in every layout', () => {
  const reference = asLstm(recognize('lstm.pt'));

  it('is torch nn.LSTM as its state_dict holds it (gate rows i, f, g, o; b = b_ih + b_hh)', () => {
    assert.equal(reference.hiddenSize, 4);
    assert.equal(reference.outputSize, 4);
    assert.equal(reference.inputSize, 3);
    assertMatrix(reference.W_ih, stored('lstm', 'weight_ih_l0'), 'W_ih');
    assertMatrix(reference.W_hh, stored('lstm', 'weight_hh_l0'), 'W_hh');
    assertSameBits(reference.b, sum(stored('lstm', 'bias_ih_l0'), stored('lstm', 'bias_hh_l0')), 'b');
    assert.equal(reference.W_hr, undefined);
  });

  for (const name of ['lstm-cell.pt', 'lstm.h5', 'lstm.onnx', 'lstm.json', 'lstm-summed-bias.json']) {
    it(`${name} gives the identical canonical model`, () => assertSameModel(recognize(name), reference, name));
  }

  it('with a projection (proj_size = 2): W_hh is 4H × P, W_hr P × H, the output size P', () => {
    for (const name of ['lstm-proj.pt', 'lstm-proj.json']) {
      const m = asLstm(recognize(name));
      assert.equal(m.hiddenSize, 4, name);
      assert.equal(m.outputSize, 2, name);
      assertMatrix(m.W_hh, stored('lstm-proj', 'weight_hh_l0'), `${name} W_hh`);
      assertMatrix(m.W_ih, stored('lstm-proj', 'weight_ih_l0'), `${name} W_ih`);
      assertMatrix(m.W_hr!, stored('lstm-proj', 'weight_hr_l0'), `${name} W_hr`);
      assertSameBits(m.b, sum(stored('lstm-proj', 'bias_ih_l0'), stored('lstm-proj', 'bias_hh_l0')), `${name} b`);
    }
  });

  it('ONNX peepholes (P in i, o, f order), input_forget and clip reach the canonical model', () => {
    const m = asLstm(recognize('lstm-peepholes.onnx'));
    assertMatrix(m.W_ih, stored('lstm', 'weight_ih_l0'), 'W_ih');
    assertMatrix(m.W_hh, stored('lstm', 'weight_hh_l0'), 'W_hh');
    assertSameBits(m.b, reference.b, 'b');
    assertSameBits(m.peepholes!.i, stored('lstm-peepholes', 'p_i').values, 'p_i');
    assertSameBits(m.peepholes!.f, stored('lstm-peepholes', 'p_f').values, 'p_f');
    assertSameBits(m.peepholes!.o, stored('lstm-peepholes', 'p_o').values, 'p_o');
    assert.equal(m.coupledInputForget, true);
    assert.equal(m.clip, 2.5);
  });
});

describe('a GRU in every layout', () => {
  const reference = asGru(recognize('gru.pt'));

  it('is torch nn.GRU as its state_dict holds it (gate rows r, z, n; b_ih and b_hh apart; reset after)', () => {
    assert.equal(reference.hiddenSize, 4);
    assert.equal(reference.inputSize, 3);
    assertMatrix(reference.W_ih, stored('gru', 'weight_ih_l0'), 'W_ih');
    assertMatrix(reference.W_hh, stored('gru', 'weight_hh_l0'), 'W_hh');
    assertSameBits(reference.b_ih, stored('gru', 'bias_ih_l0').values, 'b_ih');
    assertSameBits(reference.b_hh, stored('gru', 'bias_hh_l0').values, 'b_hh');
    assert.equal(reference.resetAfter, true);
  });

  for (const name of ['gru-cell.pt', 'gru-reset-after.h5', 'gru-reset-after-weights.h5', 'gru.onnx', 'gru.json']) {
    it(`${name} gives the identical canonical model`, () => assertSameModel(recognize(name), reference, name));
  }

  it('Keras reset_after=False (and ONNX linear_before_reset=0): the model built by hand, b_hh = 0', () => {
    const wanted = (key: string) => stored('gru-reset-before', key);
    const first = asGru(recognize('gru-reset-before.h5'));
    assertMatrix(first.W_ih, wanted('W_ih'), 'W_ih');
    assertMatrix(first.W_hh, wanted('W_hh'), 'W_hh');
    assertSameBits(first.b_ih, wanted('b_ih').values, 'b_ih');
    assertSameBits(first.b_hh, wanted('b_hh').values, 'b_hh');
    assert.equal(first.resetAfter, false);
    for (const name of ['gru-reset-before-weights.h5', 'gru-reset-before.onnx']) {
      assertSameModel(recognize(name), first, name);
    }
  });
});

describe('recognizeStack', () => {
  it('a 2-layer bidirectional nn.LSTM: 2 layers × 2 directions, layer 1 fed 2H inputs', () => {
    const stack = recognizeStack(loadGated('lstm-2x-bidi.pt'));
    assert.equal(stack.layers.length, 2);
    for (const [k, layer] of stack.layers.entries()) {
      for (const [direction, model] of [
        ['', layer.forward],
        ['_reverse', layer.reverse!],
      ] as const) {
        const m = asLstm(model);
        assert.equal(m.hiddenSize, 4);
        assert.equal(m.inputSize, k === 0 ? 3 : 8);
        assert.equal(m.source.layer, k);
        assert.equal(m.source.direction, direction ? 'reverse' : 'forward');
        assertMatrix(m.W_hh, stored('lstm-2x-bidi', `weight_hh_l${k}${direction}`), `layer ${k}${direction} W_hh`);
        assertMatrix(m.W_ih, stored('lstm-2x-bidi', `weight_ih_l${k}${direction}`), `layer ${k}${direction} W_ih`);
      }
    }
  });

  it('the same stack exported by torch.onnx.export (one bidirectional LSTM node per layer) is identical', () => {
    const torch = recognizeStack(loadGated('lstm-2x-bidi.pt'));
    const onnx = recognizeStack(loadGated('lstm-2x-bidi.onnx'));
    assert.equal(onnx.layers.length, 2);
    for (const [k, layer] of onnx.layers.entries()) {
      assertSameModel(layer.forward, torch.layers[k].forward, `layer ${k}`);
      assertSameModel(layer.reverse!, torch.layers[k].reverse!, `layer ${k} (reverse)`);
    }
  });

  it('the same stack as two Keras Bidirectional(LSTM) layers (forward_/backward_ copies) is identical', () => {
    const torch = recognizeStack(loadGated('lstm-2x-bidi.pt'));
    const keras = recognizeStack(loadGated('lstm-2x-bidi.h5'));
    assert.equal(keras.layers.length, 2);
    for (const [k, layer] of keras.layers.entries()) {
      assertSameModel(layer.forward, torch.layers[k].forward, `layer ${k}`);
      assertSameModel(layer.reverse!, torch.layers[k].reverse!, `layer ${k} (reverse)`);
    }
  });

  it('with a projection, layer 1 takes 2P inputs (both directions of the projected h)', () => {
    const stack = recognizeStack(loadGated('lstm-proj-2x-bidi.pt'));
    const sizes = stack.layers.map((l) => [l.forward, l.reverse!].map((m) => [m.inputSize, asLstm(m).outputSize]));
    assert.deepEqual(sizes, [
      [
        [3, 2],
        [3, 2],
      ],
      [
        [4, 2],
        [4, 2],
      ],
    ]);
  });

  it('a single layer is a stack of one', () => {
    const stack = recognizeStack(loadGated('gru.onnx'));
    assert.equal(stack.layers.length, 1);
    assert.equal(stack.layers[0].reverse, undefined);
    assert.equal(stack.layers[0].forward.cell, 'gru');
  });
});

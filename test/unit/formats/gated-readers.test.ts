// What the ONNX and Keras readers keep for gated cells: ONNX peepholes P sliced per direction and the clip,
// input_forget and linear_before_reset attributes; a Keras config's LSTM/GRU settings, and none without one.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { OnnxSummary } from '../../../src/core/formats/onnx';
import { metadataText } from '../../../src/core/inspect/metadata-lines';
import { KERAS_GATED_KEY, parseModelConfig } from '../../../src/core/formats/keras/config';
import { assertSameBits, loadGated, stored } from '../model/gated-fixtures';

const onnxSummary = (name: string) => loadGated(name).metadata.onnx as OnnxSummary;

describe('gated cells in the readers', () => {
  it('ONNX: the attributes as stored, P as its i, o, f blocks per direction', () => {
    const peepholes = loadGated('lstm-peepholes.onnx');
    const [node] = (peepholes.metadata.onnx as OnnxSummary).layers;
    assert.equal(node.clip, 2.5);
    assert.equal(node.inputForget, 1);
    assert.equal(node.linearBeforeReset, undefined);
    const P = peepholes.tensors.get('lstm_node.P_l0');
    assert.deepEqual(P?.shape, [12]);
    const iof = ['p_i', 'p_o', 'p_f'].flatMap((k) => stored('lstm-peepholes', k).values);
    assertSameBits(P!.data, iof, 'P');
    assert.equal(onnxSummary('gru.onnx').layers[0].linearBeforeReset, 1, 'torch exports GRU with reset after');
    assert.equal(onnxSummary('gru-reset-before.onnx').layers[0].linearBeforeReset, 0);
    assert.equal(onnxSummary('lstm.onnx').layers[0].clip, undefined);
  });

  it('Keras: the config says activation, recurrent_activation and reset_after; save_weights says nothing', () => {
    assert.deepEqual(loadGated('gru-reset-after.h5').metadata[KERAS_GATED_KEY], [
      { name: 'gru', className: 'GRU', activation: 'tanh', recurrentActivation: 'sigmoid', resetAfter: true },
    ]);
    assert.deepEqual(loadGated('lstm-hard-sigmoid.h5').metadata[KERAS_GATED_KEY], [
      { name: 'lstm', className: 'LSTM', activation: 'tanh', recurrentActivation: 'hard_sigmoid' },
    ]);
    assert.equal(Object.hasOwn(loadGated('gru-reset-before-weights.h5').metadata, KERAS_GATED_KEY), false);
  });

  it('Keras: an activation written as an object is kept as its JSON (so it is refused, never taken for tanh)', () => {
    const layer = { class_name: 'LSTM', config: { name: 'l', activation: { class_name: 'Mine' }, reset_after: 'yes' } };
    const [parsed] = parseModelConfig(JSON.stringify({ config: { layers: [layer] } }), 'm.h5', 'model_config');
    assert.deepEqual(parsed.gated, { activation: '{"class_name":"Mine"}' });
  });

  it('the inspector says the gated settings in words', () => {
    const onnx = loadGated('lstm-peepholes.onnx');
    assert.deepEqual(metadataText(onnx.format, onnx.metadata).details, [
      'Layer 0: LSTM node "lstm_node", forward, hidden size 4, clip 2.5, input_forget 1.',
    ]);
    const keras = loadGated('gru-reset-after.h5');
    const text = metadataText(keras.format, keras.metadata);
    assert.deepEqual(text.details, [
      'Layer gru: GRU, activation tanh, recurrent_activation sigmoid, reset_after True.',
    ]);
    assert.doesNotMatch(text.summary, /kerasGatedLayers/);
  });
});

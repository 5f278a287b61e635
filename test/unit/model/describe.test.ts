// Layers described as a user counts them: an nn.RNN(num_layers=2, bidirectional=True) file has 2 layers with 2
// directions each; a layer is numbered from 0 as in its PyTorch name (weight_hh_l1_reverse is layer 1 (reverse)).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJsonWeights } from '../../../src/core/formats/json';
import {
  describeLayerChoice,
  describeLayerList,
  describeLayers,
  layerLabel,
  missingLayerProblem,
} from '../../../src/core/model/describe';
import { listLayers, recognizeModel } from '../../../src/core/model/recognize';
import { fixturePath } from '../helpers';

const layersOf = (...fixture: string[]) =>
  listLayers(readJsonWeights(readFileSync(fixturePath(...fixture), 'utf8'), fixture.join('/')));

describe('layer descriptions', () => {
  it('a 2-layer bidirectional nn.RNN: 2 layers, 2 directions each', () => {
    const layers = layersOf('formats', 'model', 'torch-rnn.json');
    assert.equal(layers.length, 4, 'four (layer, direction) pairs in the file');
    assert.equal(describeLayers(layers), '2 layers, 2 directions each');
    assert.equal(
      describeLayerChoice({ layer: 1, direction: 'reverse' }, layers),
      'layer 1 (reverse) of 2 layers, 2 directions each',
    );
    assert.equal(
      describeLayerChoice({ layer: 0, direction: 'forward' }, layers),
      'layer 0 of 2 layers, 2 directions each',
    );
    assert.equal(
      describeLayerList(layers),
      '2 layers, 2 directions each — layer 0: RNN, hidden 4, input 3; layer 0 (reverse): RNN, hidden 4, input 3; ' +
        'layer 1: RNN, hidden 4, input 8; layer 1 (reverse): RNN, hidden 4, input 8',
    );
  });

  it('one direction, one layer, and stacks where only some layers are bidirectional', () => {
    assert.equal(describeLayers(layersOf('formats', 'model', 'torch-gru.json')), '2 layers');
    assert.equal(describeLayers(layersOf('formats', 'model', 'keras-rnn.json')), '1 layer');
    assert.equal(
      describeLayers([
        { layer: 0, direction: 'forward' },
        { layer: 0, direction: 'reverse' },
      ]),
      '1 layer, 2 directions',
    );
    const mixed = [
      { layer: 0, direction: 'forward' },
      { layer: 0, direction: 'reverse' },
      { layer: 1, direction: 'forward' },
    ] as const;
    assert.equal(describeLayers(mixed), '2 layers; layer 0 has a reverse direction too');
    assert.equal(layerLabel({ layer: 3, direction: 'forward' }), 'layer 3');
  });

  it('a missing layer or direction says what the file has, numbered as the names and --layer number them', () => {
    const layers = layersOf('formats', 'model', 'torch-rnn.json');
    assert.equal(
      missingLayerProblem({ layer: 2, direction: 'forward' }, layers),
      'no layer 2 in this file; layers: 0, 1 (2 layers, 2 directions each, numbered from 0)',
    );
    const gru = layersOf('formats', 'model', 'torch-gru.json');
    assert.equal(
      missingLayerProblem({ layer: 1, direction: 'reverse' }, gru),
      'no reverse direction of layer 1 in this file; layers: 0, 1 (2 layers, numbered from 0)',
    );
    const file = readJsonWeights(
      readFileSync(fixturePath('formats', 'model', 'torch-rnn.json'), 'utf8'),
      'torch-rnn.json',
    );
    assert.throws(
      () => recognizeModel(file, { layer: 2 }),
      /no layer 2 in this file; layers: 0, 1 \(2 layers, 2 directions each/,
    );
  });
});

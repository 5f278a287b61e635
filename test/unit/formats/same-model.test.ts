// One model saved by torch in every format must give the same tensors and the same recognised model.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../src/core/errors';
import { loadTensorFile } from '../../../src/core/formats/load';
import { listLayers, recognizeModel } from '../../../src/core/model/recognize';
import type { TensorFile } from '../../../src/core/tensors';
import { assertSameValues, expected, fixtureBytes } from './fixtures';

const FORMATS = ['.safetensors', '.npz', '-deflated.npz', '.json'];

function loadAll(stem: string): TensorFile[] {
  return FORMATS.map((suffix) => loadTensorFile(`model/${stem}${suffix}`, fixtureBytes(`model/${stem}${suffix}`)));
}

describe('the same model in every format', () => {
  for (const stem of ['torch-rnn', 'keras-rnn', 'torch-lstm', 'torch-gru']) {
    it(`${stem}: identical tensors from safetensors, npz (stored, deflated) and state_dict JSON`, () => {
      const [first, ...rest] = loadAll(stem);
      for (const other of rest) {
        assert.deepEqual([...other.tensors.keys()].sort(), [...first.tensors.keys()].sort(), other.file);
        for (const [name, t] of first.tensors) {
          const o = other.tensors.get(name)!;
          assert.deepEqual([...o.shape], [...t.shape], `${other.file} ${name}`);
          assertSameValues(o.data, t.data, `${other.file} ${name}`);
        }
      }
    });
  }

  for (const stem of ['torch-rnn', 'keras-rnn']) {
    it(`${stem}: every format recognises the same model, equal to the torch/numpy reference, for every layer`, () => {
      const files = loadAll(stem);
      for (const [key, want] of Object.entries(expected().models[stem])) {
        const [layerText, direction] = key.split('-') as [string, 'forward' | 'reverse'];
        const models = files.map((f) => recognizeModel(f, { layer: Number(layerText), direction }));
        for (const [i, m] of models.entries()) {
          const what = `${files[i].file} layer ${key}`;
          assert.equal(m.cell, 'rnn');
          assert.equal(m.inputSize, want.inputSize, what);
          assertSameValues(m.W_hh.data, want.W_hh, `${what} W_hh`);
          assertSameValues(m.W_xh.data, want.W_xh, `${what} W_xh`);
          assertSameValues(m.b_h, want.b_h, `${what} b_h`);
          assert.deepEqual(
            m.source.layers.map((l) => `${l.layer}${l.direction}${l.cell}${l.hiddenSize}`),
            models[0].source.layers.map((l) => `${l.layer}${l.direction}${l.cell}${l.hiddenSize}`),
            `${what}: layer list`,
          );
        }
      }
    });
  }

  it('the two-layer bidirectional RNN lists all four layers', () => {
    for (const f of loadAll('torch-rnn')) {
      assert.deepEqual(
        listLayers(f)
          .map((l) => `${l.layer}-${l.direction}`)
          .sort(),
        ['0-forward', '0-reverse', '1-forward', '1-reverse'],
      );
    }
  });

  for (const [stem, cell, hidden] of [
    ['torch-lstm', 'lstm', 5],
    ['torch-gru', 'gru', 5],
  ] as const) {
    it(`${stem}: recognised as ${cell.toUpperCase()} with its shapes, never as a vanilla RNN`, () => {
      for (const f of loadAll(stem)) {
        const layers = listLayers(f);
        assert.ok(layers.length > 0 && layers.every((l) => l.cell === cell && l.hiddenSize === hidden), f.file);
        assert.throws(
          () => recognizeModel(f),
          (e: unknown) => {
            assert.ok(isInputError(e));
            assert.match(e.problem, new RegExp(`${cell.toUpperCase()}.*not a vanilla RNN layer`));
            return true;
          },
        );
      }
    });
  }
});

// Keras 3 `.keras` archives of an LSTM and a GRU (scripts/fixtures/keras.py) into the canonical model. The
// expected values restate Keras' documented layout by hand: kernel columns i, f, c, o (LSTM) and z, r, h (GRU),
// W = kernelᵀ, and a reset_after GRU's bias rows (input, recurrent).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadTensorFile } from '../../../../src/core/formats/load';
import { recognizeRecurrent } from '../../../../src/core/model/recognize-recurrent';
import type { GruModel, LstmModel } from '../../../../src/core/rnn/gated-model';
import { expectedKeras, kerasFixture } from './fixtures';

/** Row r of the canonical matrix = column `col` of the stored [in, g·H] matrix. */
function canonicalRow(stored: { shape: number[]; values: number[] }, col: number): number[] {
  const [rows, cols] = stored.shape;
  return Array.from({ length: rows }, (_, i) => stored.values[i * cols + col]);
}

function assertRows(
  actual: { rows: number; cols: number; data: Float64Array },
  stored: { shape: number[]; values: number[] },
  storedBlockOf: readonly number[],
  H: number,
): void {
  for (let k = 0; k < storedBlockOf.length; k++) {
    for (let j = 0; j < H; j++) {
      const row = Array.from(actual.data.subarray((k * H + j) * actual.cols, (k * H + j + 1) * actual.cols));
      assert.deepEqual(row, canonicalRow(stored, storedBlockOf[k] * H + j), `canonical row ${k * H + j}`);
    }
  }
}

describe('Keras 3 gated layers', () => {
  it('an LSTM: i, f, c, o is already the canonical order; W = kernelᵀ; b = bias', () => {
    const t = expectedKeras.files['lstm.keras'].tensors;
    const m = recognizeRecurrent(loadTensorFile('lstm.keras', kerasFixture('lstm.keras'))) as LstmModel;
    assert.equal(m.cell, 'lstm');
    assertRows(m.W_hh, t['my_lstm/lstm_cell/recurrent_kernel:0'], [0, 1, 2, 3], 4);
    assertRows(m.W_ih, t['my_lstm/lstm_cell/kernel:0'], [0, 1, 2, 3], 4);
    assert.deepEqual([...m.b], t['my_lstm/lstm_cell/bias:0'].values);
  });

  it('a GRU with a [2, 3u] bias: reset after; canonical r, z, n are stored blocks 1, 0, 2', () => {
    const t = expectedKeras.files['gru.keras'].tensors;
    const m = recognizeRecurrent(loadTensorFile('gru.keras', kerasFixture('gru.keras'))) as GruModel;
    assert.equal(m.cell, 'gru');
    assert.equal(m.resetAfter, true);
    assertRows(m.W_hh, t['my_gru/gru_cell/recurrent_kernel:0'], [1, 0, 2], 4);
    assertRows(m.W_ih, t['my_gru/gru_cell/kernel:0'], [1, 0, 2], 4);
    const bias = t['my_gru/gru_cell/bias:0'].values;
    const permuted = (row: number) => [1, 0, 2].flatMap((b) => bias.slice(row * 12 + b * 4, row * 12 + b * 4 + 4));
    assert.deepEqual([...m.b_ih], permuted(0));
    assert.deepEqual([...m.b_hh], permuted(1));
  });
});

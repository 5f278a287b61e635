// The inspector's numbers and table: statistics against numpy, roles of tensors, header-first listing.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadTensorFile } from '../../../src/core/formats/load';
import { readSafetensorsHeader } from '../../../src/core/formats/safetensors';
import { fileReport, headerRows } from '../../../src/core/inspect/file-report';
import { tensorStatistics } from '../../../src/core/inspect/statistics';
import { assertClose, expected, fixtureBytes } from './fixtures';

describe('tensor statistics against numpy', () => {
  for (const [rel, tensors] of Object.entries(expected().statistics)) {
    it(`${rel}: min, max, mean, std, Frobenius, and ρ, σ_max of square recurrent matrices`, () => {
      const file = loadTensorFile(rel, fixtureBytes(rel));
      for (const [name, want] of Object.entries(tensors)) {
        const s = tensorStatistics(file.tensors.get(name)!);
        const what = `${rel} ${name}`;
        assert.equal(s.min, want.min, `${what} min`);
        assert.equal(s.max, want.max, `${what} max`);
        assertClose(s.mean, want.mean, 1e-12, `${what} mean`);
        assertClose(s.std, want.std, 1e-10, `${what} std`);
        assertClose(s.frobenius, want.frobenius, 1e-13, `${what} frobenius`);
        assert.equal(
          s.spectralRadius === undefined,
          want.spectralRadius === undefined,
          `${what}: ρ computed exactly for square recurrent matrices`,
        );
        if (want.spectralRadius !== undefined) {
          assertClose(s.spectralRadius, want.spectralRadius, 1e-10, `${what} ρ`);
          assertClose(s.sigmaMax, want.sigmaMax, 1e-10, `${what} σ_max`);
        }
      }
    });
  }
  it('skips ρ and σ_max above the size limit', () => {
    const file = loadTensorFile('x.safetensors', fixtureBytes('inspect/recurrent-64.safetensors'));
    assert.equal(tensorStatistics(file.tensors.get('W_hh')!, { maxSpectralSize: 32 }).spectralRadius, undefined);
  });
});

describe('file report', () => {
  it('names the role of every tensor of a 2-layer bidirectional PyTorch RNN', () => {
    const report = fileReport(loadTensorFile('m.npz', fixtureBytes('model/torch-rnn.npz')));
    assert.equal(report.analysable, true);
    const roles = Object.fromEntries(report.rows.map((r) => [r.name, r.role]));
    assert.equal(roles['rnn.weight_hh_l0'], 'W_hh of layer 0, RNN');
    assert.equal(roles['rnn.weight_ih_l1_reverse'], 'W_xh of layer 1 (reverse), RNN');
    assert.equal(roles['rnn.bias_hh_l1'], 'bias of layer 1, RNN');
    assert.equal(report.layers.length, 4);
  });
  it('marks Keras recurrent_kernel as W_hhᵀ', () => {
    const report = fileReport(loadTensorFile('k.safetensors', fixtureBytes('model/keras-rnn.safetensors')));
    assert.equal(report.rows.find((r) => r.name.endsWith('recurrent_kernel:0'))?.role, 'W_hhᵀ of layer 0, RNN');
  });
  it('an LSTM is analysable: its rows name the cell, its W_hh has its gate blocks', () => {
    const report = fileReport(loadTensorFile('l.safetensors', fixtureBytes('model/torch-lstm.safetensors')));
    assert.equal(report.analysable, true);
    assert.ok(report.rows.every((r) => r.role?.endsWith('LSTM')));
    assert.ok(report.rows.some((r) => r.gates?.length === 4));
  });
  it('lists rows from the safetensors header alone', () => {
    const rows = headerRows(readSafetensorsHeader(fixtureBytes('model/torch-gru.safetensors')));
    assert.deepEqual(
      rows.find((r) => r.name === 'weight_hh_l1'),
      { name: 'weight_hh_l1', shape: [15, 5], dtype: 'F32' },
    );
  });
});

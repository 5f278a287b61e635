// The inspector for gated layers: the cell named, and ρ and σ_max of each canonical gate block of W_hh (with a
// projection, of block · W_hr) against numpy's eig and svd of the blocks torch holds; the same in every layout.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileReport } from '../../../src/core/inspect/file-report';
import { describeLayerList, describeNetwork, layerPickerLabel } from '../../../src/core/model/describe';
import { GATED_EXPECTED, loadGated } from '../model/gated-fixtures';

const spectra = (GATED_EXPECTED as unknown as { gateSpectra: Record<string, Record<string, Record<string, number>>> })
  .gateSpectra;

function close(actual: number, wanted: number, what: string): void {
  assert.ok(Math.abs(actual - wanted) <= 1e-12 * Math.max(1, Math.abs(wanted)), `${what}: ${actual} vs ${wanted}`);
}

function gatesOf(name: string, recurrent: string) {
  const report = fileReport(loadGated(name));
  const row = report.rows.find((r) => r.name === recurrent);
  assert.ok(row?.gates, `${name}: gate blocks on ${recurrent}`);
  return { report, row, gates: row.gates };
}

describe('the weights inspector on gated layers', () => {
  for (const [model, file, recurrent, blocks] of [
    ['lstm', 'lstm.pt', 'weight_hh_l0', ['W_hi', 'W_hf', 'W_hg', 'W_ho']],
    ['gru', 'gru.pt', 'weight_hh_l0', ['W_hr', 'W_hz', 'W_hn']],
    ['lstm-proj', 'lstm-proj.pt', 'weight_hh_l0', ['W_hi', 'W_hf', 'W_hg', 'W_ho']],
  ] as const) {
    it(`${file}: ρ and σ_max of each gate block, as numpy computes them`, () => {
      const { report, row, gates } = gatesOf(file, recurrent);
      assert.equal(report.analysable, true, report.problem);
      assert.deepEqual(
        gates.map((g) => g.block),
        blocks,
      );
      for (const g of gates) {
        close(g.spectralRadius, spectra[model][g.block].rho, `${file} ${g.block} ρ`);
        close(g.sigmaMax, spectra[model][g.block].sigmaMax, `${file} ${g.block} σ_max`);
        assert.equal(g.projected, model === 'lstm-proj');
        assert.equal(g.size, 4);
      }
      assert.equal(row.role, `W_hh of layer 0, ${model.startsWith('lstm') ? 'LSTM' : 'GRU'}`);
    });
  }

  it('every layout gives the same gate blocks, bit for bit (Keras W_hh stored transposed, ONNX in i, o, f, c)', () => {
    const reference = gatesOf('lstm.pt', 'weight_hh_l0').gates;
    for (const [file, recurrent] of [
      ['lstm.h5', 'lstm/lstm_cell/recurrent_kernel:0'],
      ['lstm.onnx', '/LSTM.R_l0'],
      ['lstm.json', 'W_hh'],
    ] as const) {
      const report = fileReport(loadGated(file));
      const row = report.rows.find((r) => r.name === recurrent || r.name.endsWith('.R_l0'));
      assert.deepEqual(row?.gates, reference, file);
    }
  });

  it('names the cell: "LSTM, hidden size 4, 2 layers, bidirectional"; pickers count layers from 1', () => {
    const report = fileReport(loadGated('lstm-2x-bidi.pt'));
    assert.equal(describeNetwork(report.layers), 'LSTM, hidden size 4, 2 layers, bidirectional');
    assert.match(describeLayerList(report.layers), /^LSTM, hidden size 4, 2 layers, bidirectional — layer 0: LSTM/);
    assert.equal(layerPickerLabel({ layer: 1, direction: 'reverse' }, report.layers), 'layer 2 of 2 · reverse');
    assert.equal(layerPickerLabel({ layer: 0, direction: 'forward' }, report.layers), 'layer 1 of 2 · forward');
    assert.equal(
      layerPickerLabel({ layer: 0, direction: 'forward' }, [{ layer: 0, direction: 'forward' }]),
      'layer 1 of 1',
    );
    assert.equal(report.rows.filter((r) => r.gates).length, 4, 'one W_hh per layer and direction');
  });

  it('a layer refused for its gates still shows its blocks; one too large for the report says where to look', () => {
    const refused = fileReport(loadGated('lstm-hard-sigmoid.h5'));
    assert.equal(refused.analysable, false);
    assert.match(refused.problem ?? '', /hard_sigmoid/);
    assert.equal(refused.rows.find((r) => r.gates)?.gates?.length, 4);
    const large = fileReport(loadGated('lstm.pt'), { maxGateSpectrumSize: 3 });
    const row = large.rows.find((r) => r.name === 'weight_hh_l0');
    assert.equal(row?.gates, undefined);
    assert.equal(row?.gatesNote, 'in the analysis panel');
  });
});

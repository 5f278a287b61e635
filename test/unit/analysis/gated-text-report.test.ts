// The CLI's readable report of an LSTM or GRU names the cell, its state and gates, not a vanilla RNN's W_hh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { textReport } from '../../../src/cli/text-report';
import { fmt } from '../../../src/core/format-number';
import { fixtureInputs, modelFromStateDict, readGatedFixture } from '../rnn/gated-fixture';

for (const name of ['lstm-proj', 'gru']) {
  test(`${name}: the text report names the cell and its gates`, () => {
    const f = readGatedFixture(name);
    const r = analyzeModel(
      modelFromStateDict(f),
      { inputs: fixtureInputs(f), h0: Float64Array.from(f.h0) },
      { inputs: { kind: 'file', file: 'in.json', steps: f.inputs.length } },
    );
    const text = textReport(r);
    assert.ok(!text.includes('vanilla RNN') && !text.includes('ρ(W_hh)'), text);
    if (f.cell === 'lstm') assert.match(text, /LSTM, hidden 6, input 2, state 9 = h 3 \+ c 6 \(projection\)/);
    else assert.match(text, /GRU, hidden 5, input 3, reset gate after W_hn: r ⊙ \(W_hn h \+ b_hn\)/);
    const gate = f.cell === 'lstm' ? 'f' : 'z';
    assert.ok(text.includes(`${gate} ${fmt(r.gates![gate]!.mean)} (`), text);
  });
}

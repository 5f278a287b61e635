// The gated verdict speaks in the gates' terms with the analysis's own numbers: which path carries the gradient,
// which gates saturate, how long units remember.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { fmt, fmtPercent } from '../../../src/core/format-number';
import { stateSize } from '../../../src/core/rnn/gated-model';
import {
  fixtureInputs,
  modelFromStateDict,
  readGatedFixture,
  seededGru,
  seededLstm,
  seededSequence,
} from './gated-fixture';

const inputs = { kind: 'random' as const, seed: 0, steps: 0 };

test('an LSTM whose forget gates stay open: the cell path carries gradients, with the mean forget gate', () => {
  const f = readGatedFixture('lstm-remembering');
  const model = modelFromStateDict(f);
  const r = analyzeModel(model, { inputs: fixtureInputs(f), h0: new Float64Array(f.hiddenSize) }, { inputs });
  const mean = r.gates!.f!.mean;
  assert.ok(mean > 0.9, `mean forget gate ${mean}`);
  assert.match(r.verdict.summary, /The cell path carries gradients: ‖∂c_T\/∂c_\(T−l\)‖₂/);
  assert.ok(r.verdict.summary.includes(`mean forget gate ${fmt(mean)}`), r.verdict.summary);
  assert.ok(r.verdict.reasons.some((s) => s.startsWith('Memory timescales')));
});

test('input gates biased shut are named as saturated closed, with their share', () => {
  const model = seededLstm({ n: 8, m: 3, scale: 0.2 }, 71);
  const b = model.b as Float64Array;
  for (let k = 0; k < 8; k++) b[k] = -6; // the i rows
  const { inputs: xs } = seededSequence(model, 20, 3, stateSize(model));
  const r = analyzeModel(model, { inputs: xs, h0: new Float64Array(8) }, { inputs });
  const share = r.gates!.i!.saturatedLow;
  assert.ok(share > 0.9, `share ${share}`);
  assert.ok(
    r.verdict.reasons.includes(`${fmtPercent(share, 3)} of input gates are saturated closed (< 0.05).`),
    r.verdict.reasons.join('\n'),
  );
});

test('a GRU verdict names the mean update gate', () => {
  const model = seededGru({ n: 6, m: 2, resetAfter: true, scale: 0.5 }, 72);
  const { inputs: xs } = seededSequence(model, 15, 4, stateSize(model));
  const r = analyzeModel(model, { inputs: xs, h0: new Float64Array(6) }, { inputs });
  assert.ok(r.verdict.reasons.some((s) => s.includes(`keeps ${fmt(r.gates!.z!.mean)} of h per step`)));
  assert.ok(['vanishing', 'exploding', 'edge'].includes(r.verdict.regime));
});

// LSTM/GRU training configs: model.cell lstm | gru and model.forget_bias are read, the memory gate's value and
// timescale at initialisation are predicted (against σ(b) = 1/(1 + e^−b) and τ = −1/ln σ(b) computed here),
// diagnosed with the quick fix forget_bias: 1.0 where the cell path starts closed, and shown on hover.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import { applyTextEdits } from '../../../src/core/config/edits/editor';
import { hoverAt } from '../../../src/core/config/hover';
import { predictGate } from '../../../src/core/config/predictGates';
import { fmt } from '../../../src/core/format-number';
import { assertClose } from '../helpers';
import { only, slice } from './helpers';

const sigma = (b: number) => 1 / (1 + Math.exp(-b));
const tau = (b: number) => -1 / Math.log(sigma(b));

test('the memory gate at initialisation: σ(b) and τ = −1/ln σ(b), PyTorch default mean 0 → 0.5 and 1/ln 2', () => {
  const byDefault = predictGate('lstm');
  assert.equal(byDefault.biasFrom, 'default');
  assert.equal(byDefault.gateValue, 0.5);
  assertClose(byDefault.timescale, 1 / Math.LN2, 1e-15, 'τ at σ = 0.5');
  assertClose(byDefault.timescale, 1.4427, 1e-4, 'the 1.44 steps the docs say');
  for (const b of [-3, -1, 0, 1, 3, 10]) {
    const p = predictGate('lstm', b);
    assert.equal(p.gate, 'f');
    assertClose(p.gateValue, sigma(b), 1e-15, `σ(${b})`);
    assertClose(p.timescale, tau(b), 1e-12, `τ(${b})`);
  }
  assertClose(predictGate('lstm', 1).gateValue, 0.7311, 1e-4, 'σ(1)');
  assertClose(predictGate('lstm', 1).timescale, 3.192, 1e-3, 'τ(1)');
  // A large bias: 1 − σ(40) rounds to 0 in float64, yet τ = 1/ln(1 + e^−40) ≈ e^40 is finite.
  assertClose(predictGate('lstm', 40).timescale, Math.exp(40), 1e-9, 'τ(40)');
  const gru = predictGate('gru', 5);
  assert.equal(gru.gate, 'z');
  assert.equal(gru.biasFrom, 'default', "forget_bias is not a GRU's update bias");
  assert.equal(gru.gateValue, 0.5);
});

test('an LSTM without forget_bias: an info on the cell with σ(b_f) and τ, and the quick fix forget_bias: 1.0', () => {
  const text = '{\n  "model": { "cell": "lstm", "hidden_size": 32 },\n  "data": { "seq_len": 50 }\n}\n';
  const ds = diagnoseConfig(buildContext(text, 'c.rnn.json'));
  assert.deepEqual(
    ds.map((d) => d.code),
    ['gate-init'],
    'no vanilla-RNN prediction (γρ) for a gated cell, only the gate',
  );
  const [d] = ds;
  assert.equal(d.severity, 'info');
  assert.equal(slice(text, d.range), '"lstm"');
  assert.ok(d.message.includes(`= ${fmt(0.5)} (PyTorch's default init`), d.message);
  assert.ok(d.message.includes(`${fmt(1 / Math.LN2)} steps`), d.message);
  assert.ok(d.message.includes(`= ${fmt(0.5 ** 50)} of its memory`), d.message);
  assert.match(d.message, /Gers et al\. 2000; Jozefowicz et al\. 2015/);
  assert.ok(d.message.includes(`σ(1) = ${fmt(sigma(1))}, τ = ${fmt(tau(1))} steps`), d.message);
  assert.ok(d.fix);
  assert.match(d.fix.title, /^Set forget_bias: 1\.0/);
  const fixed = applyTextEdits(text, d.fix.edits);
  assert.equal(fixed, text.replace('"hidden_size": 32 }', '"hidden_size": 32, "forget_bias": 1.0 }'));
  const after = only(diagnoseConfig(buildContext(fixed, 'c.rnn.json')), 'gate-init');
  assert.equal(after.length, 1);
  assert.equal(after[0].fix, undefined, 'a forget bias of 1 needs no fix');
  assert.ok(after[0].message.includes(`σ(1) = ${fmt(sigma(1))} (forget_bias 1)`), after[0].message);
  assert.equal(slice(fixed, after[0].range), '1.0');
});

test('YAML: forget_bias −3 is a warning on the value, fixed in place to 1.0', () => {
  const text = 'model:\n  cell: lstm\n  forget_bias: -3 # closed\n  hidden_size: 16\n';
  const [d] = only(diagnoseConfig(buildContext(text, 'c.rnn.yaml')), 'gate-init');
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d.range), '-3');
  assert.ok(d.message.includes(`σ(-3) = ${fmt(sigma(-3))}`), d.message);
  assert.ok(d.message.includes(`${fmt(tau(-3))} steps`), d.message);
  assert.ok(d.fix);
  assert.equal(applyTextEdits(text, d.fix.edits), text.replace('forget_bias: -3', 'forget_bias: 1.0'));
});

test('forget_bias 0 still gets the fix; a positive one is only described', () => {
  const zero = only(
    diagnoseConfig(buildContext('{"model": {"cell": "lstm", "forget_bias": 0}}', 'c.rnn.json')),
    'gate-init',
  );
  assert.equal(zero[0].severity, 'info');
  assert.ok(zero[0].fix);
  const three = only(
    diagnoseConfig(buildContext('{"model": {"cell": "lstm", "forget_bias": 3}}', 'c.rnn.json')),
    'gate-init',
  );
  assert.equal(three[0].fix, undefined);
  assert.ok(three[0].message.includes(`= ${fmt(sigma(3))}`) && three[0].message.includes(`${fmt(tau(3))} steps`));
});

test("a GRU: the update gate's σ(b_z) and τ at PyTorch's default, no forget-bias fix", () => {
  const text = '{"model": {"cell": "gru", "hidden_size": 8}}';
  const [d] = diagnoseConfig(buildContext(text, 'c.rnn.json'));
  assert.equal(d.code, 'gate-init');
  assert.equal(d.fix, undefined);
  assert.match(d.message, /update gate z starts at σ\(b_z\) = σ\(0\) = 0\.5/);
  assert.ok(d.message.includes(`${fmt(1 / Math.LN2)} steps`));
});

test('model.cell and forget_bias values: the three cells are accepted, others refused; forget_bias warned off an RNN', () => {
  for (const cell of ['rnn', 'lstm', 'gru'])
    assert.deepEqual(
      only(diagnoseConfig(buildContext(`{"model": {"cell": "${cell}"}}`, 'c.rnn.json')), 'invalid-value'),
      [],
    );
  const [bad] = only(diagnoseConfig(buildContext('{"model": {"cell": "transformer"}}', 'c.rnn.json')), 'invalid-value');
  assert.match(bad.message, /Unsupported cell "transformer": the cells analysed are rnn, lstm, gru/);
  const text = '{"model": {"cell": "lstm", "forget_bias": "one"}}';
  const [notNumber] = only(diagnoseConfig(buildContext(text, 'c.rnn.json')), 'invalid-value');
  assert.equal(slice(text, notNumber.range), '"one"');
  const rnn = '{"model": {"forget_bias": 1}}';
  const [ignored] = only(diagnoseConfig(buildContext(rnn, 'c.rnn.json')), 'unknown-key');
  assert.equal(slice(rnn, ignored.range), '"forget_bias"');
  assert.match(ignored.message, /LSTM only/);
});

test('hovers give the gate at initialisation on cell and forget_bias, and on seq_len what is left after T', () => {
  const text = '{"model": {"cell": "lstm", "forget_bias": 1}, "data": {"seq_len": 20}}';
  const ctx = buildContext(text, 'c.rnn.json');
  const bias = hoverAt(ctx, text.indexOf('forget_bias') + 2);
  assert.ok(bias);
  assert.ok(bias.markdown.includes(`**${fmt(sigma(1))}**`), bias.markdown);
  assert.ok(bias.markdown.includes(`**${fmt(tau(1))} steps**`), bias.markdown);
  assert.ok(!bias.markdown.includes('Gers'), 'an open forget gate needs no advice');
  const cell = hoverAt(ctx, text.indexOf('"lstm"') + 2);
  assert.ok(cell?.markdown.includes(`**${fmt(sigma(1))}**`));
  const seqLen = hoverAt(ctx, text.indexOf('seq_len') + 2);
  assert.ok(seqLen?.markdown.includes(`**${fmt(sigma(1) ** 20)}**`), seqLen?.markdown);
  const closed = '{"model": {"cell": "lstm"}}';
  const advice = hoverAt(buildContext(closed, 'c.rnn.json'), closed.indexOf('lstm'));
  assert.match(advice?.markdown ?? '', /Gers et al\. 2000/);
  assert.ok(advice?.markdown.includes('<sub>'), 'formulas with real subscripts');
});

// Hovers: the right explanation for the key under the cursor, with the numbers of the prediction.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { hoverAt } from '../../../src/core/config/hover';
import { fmt } from '../../../src/core/format-number';
import { ACTIVATIONS } from '../../../src/core/rnn/activations';
import { EXAMPLES, contextFor, slice } from './helpers';

const TEXT = `model:
  hidden_size: 64
  activation: tanh
  recurrent_init:
    type: normal
    std: 0.05
data:
  seq_len: 100
train:
  clip_grad_norm: 1.0
  lr: 0.001
`;

const at = (needle: string, text = TEXT): number => text.indexOf(needle) + 1;

test('init hover: expected ρ (circular law) and σ_max, γ, regime and horizon, from anywhere in recurrent_init', () => {
  const ctx = buildContext(TEXT, 'c.rnn.yaml');
  const p = ctx.prediction!;
  for (const needle of ['recurrent_init', 'normal', '0.05']) {
    const h = hoverAt(ctx, at(needle))!;
    assert.ok(h, needle);
    assert.match(h.markdown, /circular law/);
    assert.ok(h.markdown.includes(`ρ ≈ **${fmt(p.init.spectralRadius)}**`), h.markdown);
    assert.ok(h.markdown.includes(`σ<sub>max</sub> ≈ 2s√n = ${fmt(p.init.sigmaMax)}`));
    assert.ok(h.markdown.includes(`**${p.regime}** expected`));
    assert.ok(h.markdown.includes(`${p.horizon} steps`));
    assert.match(h.markdown, /estimate/);
  }
  const h = hoverAt(ctx, at('0.05'))!;
  assert.equal(slice(TEXT, h.range), 'std: 0.05');
});

test('orthogonal init hover says ρ and σ_max are exact', () => {
  const text = TEXT.replace('type: normal\n    std: 0.05', 'type: orthogonal\n    gain: 1.0');
  const h = hoverAt(buildContext(text, 'c.rnn.yaml'), at('orthogonal', text))!;
  assert.match(h.markdown, /ρ = \*\*1\*\*/);
  assert.match(h.markdown, /σ<sub>max<\/sub> = 1/);
});

test('init hover: the long-run regime mean-field theory expects from the gain, for tanh and random inits', () => {
  const hover = (text: string, needle: string) => hoverAt(buildContext(text, 'c.rnn.yaml'), at(needle, text))!.markdown;
  // n = 64: g = s√n = 0.05 · 8 = 0.4 (ordered, λ₁ ≈ ln 0.4), 0.2 · 8 = 1.6 (chaotic); orthogonal gain 1: the edge.
  assert.match(hover(TEXT, 'normal'), /\*\*ordered\*\*: g = 0\.4 < 1.*ln g = -0\.9163 per step/);
  assert.match(hover(TEXT, 'normal'), /Sompolinsky, Crisanti & Sommers 1988/);
  assert.match(hover(TEXT.replace('std: 0.05', 'std: 0.2'), 'normal'), /\*\*chaotic\*\*: g = 1\.6 > 1/);
  const orthogonal = TEXT.replace('type: normal\n    std: 0.05', 'type: orthogonal\n    gain: 1.0');
  assert.match(hover(orthogonal, 'orthogonal'), /\*\*the edge of chaos\*\*: g = 1/);
  const relu = TEXT.replace('activation: tanh', 'activation: relu');
  assert.doesNotMatch(hover(relu, 'normal'), /mean-field/);
  const identity = TEXT.replace('type: normal\n    std: 0.05', 'type: identity');
  assert.doesNotMatch(hover(identity, 'identity'), /mean-field/);
});

test('seq_len hover: the predicted ‖∂h_T/∂h_0‖ over T steps, the bound, the horizon, and how it is derived', () => {
  const ctx = buildContext(TEXT, 'c.rnn.yaml');
  const p = ctx.prediction!;
  const h = hoverAt(ctx, at('seq_len'))!;
  assert.equal(slice(TEXT, h.range), 'seq_len: 100');
  assert.ok(h.markdown.includes(`(γρ)<sup>T</sup> = ${fmt(p.gammaRho)}<sup>100</sup>`));
  // (γρ)^100 computed here by repeated multiplication, not by the code under test.
  let power = 1;
  for (let i = 0; i < 100; i++) power *= p.gammaRho;
  assert.ok(h.markdown.includes(`**${fmt(power)}**`), h.markdown);
  assert.match(h.markdown, /linearised estimate/);
  assert.match(h.markdown, /\(γσ<sub>max<\/sub>\)<sup>T<\/sup>/);
  assert.match(h.markdown, /cannot teach the last/);
  assert.match(h.markdown, /How this is estimated/);
});

test("activation hover: σ', γ and what it does to the bound", () => {
  const ctx = buildContext(TEXT.replace('tanh', 'sigmoid'), 'c.rnn.yaml');
  const h = hoverAt(ctx, at('sigmoid', TEXT.replace('tanh', 'sigmoid')))!;
  assert.ok(h.markdown.includes(`γ = sup|σ'| = **${fmt(ACTIVATIONS.sigmoid.gamma)}**`));
  assert.match(h.markdown, /σ\(a\)\(1 − σ\(a\)\)/);
  assert.match(h.markdown, /tanh \(γ = 1\) would give/);
});

test('clip_grad_norm hover: what clipping does, and that it does nothing for vanishing gradients', () => {
  const h = hoverAt(buildContext(TEXT, 'c.rnn.yaml'), at('clip_grad_norm'))!;
  assert.match(h.markdown, /g ← c·g\/‖g‖/);
  assert.match(h.markdown, /does nothing for vanishing/);
});

test("weights hover: the saved file's ρ, σ_max, verdict and horizon, and a link to the panel", async () => {
  const file = join(EXAMPLES, 'vanishing.json');
  const text = `{"data": {"seq_len": 50}, "weights": ${JSON.stringify(file)}}`;
  const ctx = await contextFor('c.rnn.json', text);
  assert.equal(ctx.weights?.status, 'ok');
  if (ctx.weights?.status !== 'ok') return;
  const h = hoverAt(ctx, at('weights', text), {
    analyzeLink: (f) => `command:rnnGradients.analyze?${encodeURIComponent(JSON.stringify([f]))}`,
  })!;
  assert.ok(h.markdown.includes(`ρ = **${fmt(ctx.weights.spectralRadius!)}**`));
  assert.ok(h.markdown.includes(`σ<sub>max</sub> = **${fmt(ctx.weights.sigmaMax!)}**`));
  assert.ok(h.markdown.includes(`**${ctx.weights.regime}**`));
  assert.ok(
    h.markdown.includes(
      `[Open the analysis panel](command:rnnGradients.analyze?${encodeURIComponent(JSON.stringify([file]))})`,
    ),
  );
  const missing = await contextFor('c.rnn.json', '{"weights": "gone.json"}');
  assert.match(hoverAt(missing, 3)!.markdown, /Missing/);
});

test('other keys get their description; positions outside any key get nothing', () => {
  const ctx = buildContext(TEXT, 'c.rnn.yaml');
  assert.match(hoverAt(ctx, at('hidden_size'))!.markdown, /number of hidden units/);
  assert.match(hoverAt(ctx, at('lr'))!.markdown, /Learning rate/);
  assert.equal(hoverAt(buildContext('', 'c.rnn.yaml'), 0), undefined);
});

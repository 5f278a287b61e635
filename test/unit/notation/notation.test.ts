// The notation: source form → HTML scripts for a page, plain Unicode without braces for a canvas or a terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTATION, mathSegments, plainMath } from '../../../src/core/notation';

const html = (source: string) =>
  mathSegments(source)
    .map((s) => (s.script === 'none' ? s.text : `<${s.script}>${s.text}</${s.script}>`))
    .join('');

test('subscripts and superscripts become <sub>/<sup>, with or without parentheses or TeX braces', () => {
  assert.equal(html(NOTATION.jacobianNorm), '‖∂h<sub>T</sub>/∂h<sub>T−l</sub>‖');
  assert.equal(html('‖∂h_T/∂h_{T−l}‖₂'), '‖∂h<sub>T</sub>/∂h<sub>T−l</sub>‖₂');
  assert.equal(html(NOTATION.pascanuBound), '(γσ<sub>max</sub>)<sup>l</sup>');
  assert.equal(html(NOTATION.gelfand), '‖W<sup>l</sup>‖<sup>1/l</sup>');
  assert.equal(html('‖W^l‖^{1/l}'), '‖W<sup>l</sup>‖<sup>1/l</sup>');
  assert.equal(html(NOTATION.lagContributionNorm), '‖G<sub>T−l</sub>‖<sub>F</sub>');
  assert.equal(
    html('shrink like 0.95^l, ×1.2^100, 10^-3'),
    'shrink like 0.95<sup>l</sup>, ×1.2<sup>100</sup>, 10<sup>-3</sup>',
  );
  assert.equal(html('x_i^2'), 'x<sub>i</sub><sup>2</sup>');
});

test('identifiers keep their underscores: only a symbol takes a script', () => {
  for (const text of ['train.clip_grad_norm', 'weight_hh_l0_reverse', 'recurrent_init', 'a_ b', '_x', 'x^', 'h_(T−l']) {
    assert.equal(html(text), text);
  }
  assert.equal(
    html('ρ(W_hh) = 1.2 > 1: powers of W_hh grow'),
    'ρ(W<sub>hh</sub>) = 1.2 > 1: powers of W<sub>hh</sub> grow',
  );
  assert.equal(html("σ'(a_t)"), "σ'(a<sub>t</sub>)");
});

test('plain Unicode: script characters where Unicode has them all, else _x or _(…), never braces', () => {
  assert.equal(plainMath(NOTATION.pascanuBound), '(γσₘₐₓ)ˡ');
  assert.equal(plainMath(NOTATION.spectralRadiusBound), 'ρˡ');
  assert.equal(plainMath(NOTATION.jacobianNorm), '‖∂h_T/∂h_(T−l)‖');
  assert.equal(plainMath('‖∂h_T/∂h_{T−l}‖'), '‖∂h_T/∂h_(T−l)‖');
  assert.equal(plainMath(NOTATION.gelfand), '‖Wˡ‖^(1/l)');
  assert.equal(plainMath(NOTATION.tiedGradient), '∂E/∂Wₕₕ');
  assert.equal(plainMath(NOTATION.frobeniusNorm), '‖·‖_F');
  for (const source of Object.values(NOTATION)) assert.doesNotMatch(plainMath(source), /[{}]/, source);
});

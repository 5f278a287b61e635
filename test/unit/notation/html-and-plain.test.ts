// Mathematics as mathematics: the formulas people read, as HTML for hovers and as Unicode for terminals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, math, plain } from '../../../src/core/notation';

const CASES: [string, string, string][] = [
  // source, html, plain
  ['‖∂h_T/∂h_{T−l}‖', '‖∂h<sub>T</sub>/∂h<sub>T−l</sub>‖', '‖∂h_T/∂h_(T−l)‖'],
  ['(γσ_max)^l', '(γσ<sub>max</sub>)<sup>l</sup>', '(γσₘₐₓ)ˡ'],
  ['‖W^l‖^{1/l}', '‖W<sup>l</sup>‖<sup>1/l</sup>', '‖Wˡ‖^(1/l)'],
  ['(γρ)^{100}', '(γρ)<sup>100</sup>', '(γρ)¹⁰⁰'],
  ['0.9^T', '0.9<sup>T</sup>', '0.9ᵀ'],
  ['‖∂h_T/∂h_0‖', '‖∂h<sub>T</sub>/∂h<sub>0</sub>‖', '‖∂h_T/∂h₀‖'],
  ['h_{t−1}', 'h<sub>t−1</sub>', 'hₜ₋₁'],
  ['‖·‖_F', '‖·‖<sub>F</sub>', '‖·‖_F'],
  ['W_hh^l', 'W<sub>hh</sub><sup>l</sup>', 'Wₕₕˡ'],
  ['x^{-1}', 'x<sup>-1</sup>', 'x⁻¹'],
  ['a < b & c', 'a &lt; b &amp; c', 'a < b & c'],
];

test('formulas render as HTML and as plain Unicode, never as TeX', () => {
  for (const [source, wantHtml, wantPlain] of CASES) {
    assert.equal(math(source, 'html'), wantHtml, source);
    assert.equal(html(source), wantHtml, source);
    assert.equal(plain(source), wantPlain, source);
    assert.doesNotMatch(plain(source), /[{}]/, source);
    assert.doesNotMatch(html(source), /[_^{}]/, source);
  }
});

// Diagnostics and hovers on our JSON with "cell": "lstm" | "gru": a valid file has no problem and its W_hh hover
// gives ρ and σ_max per gate block (numpy's, from the generator); a wrong one is marked at the key.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseWeightsJson } from '../../../src/core/inspect/diagnose-weights';
import { weightsHover } from '../../../src/core/inspect/weights-hover';
import { parseWeightsJson } from '../../../src/core/inspect/weights-json';
import { fmtMagnitude } from '../../../src/core/format-number';
import { html } from '../../../src/core/notation';
import { GATED_EXPECTED, GATED_FIXTURES, stored } from '../model/gated-fixtures';

const spectra = (GATED_EXPECTED as unknown as { gateSpectra: Record<string, Record<string, Record<string, number>>> })
  .gateSpectra;
const textOf = (name: string) => readFileSync(join(GATED_FIXTURES, name), 'utf8');
const diagnose = (text: string) => diagnoseWeightsJson(parseWeightsJson(text));

function hoverOn(text: string, key: string, file = 'w.json'): string {
  const hover = weightsHover(parseWeightsJson(text), text, file, text.indexOf(`"${key}"`) + 1);
  assert.ok(hover, `a hover on ${key}`);
  return hover.markdown;
}

const magnitude = (x: number) => fmtMagnitude(x, Math.log10(x));

describe('gated weight JSON: diagnostics and hovers', () => {
  for (const [file, model] of [
    ['lstm.json', 'lstm'],
    ['lstm-summed-bias.json', 'lstm'],
    ['gru.json', 'gru'],
    ['lstm-proj.json', 'lstm-proj'],
  ] as const) {
    it(`${file}: no diagnostic; the W_hh hover names the cell and each gate block's ρ and σ_max`, () => {
      const text = textOf(file);
      assert.deepEqual(diagnose(text), []);
      const markdown = hoverOn(text, 'W_hh', file);
      assert.match(markdown, model === 'gru' ? /\*\*GRU\*\*, hidden size 4/ : /\*\*LSTM\*\*, hidden size 4/);
      assert.doesNotMatch(markdown, /not analysed/i);
      // The verdict of the same analysis the panel runs (seeded inputs, T = 100), in words, with its horizon.
      assert.match(markdown, /\*\*(Vanishing|Exploding|Edge)\.\*\* Gradients /);
      assert.match(markdown, /Gradient horizon: (all )?\d+ steps?/);
      for (const [block, s] of Object.entries(spectra[model])) {
        const name = html(model === 'lstm-proj' ? `${block}·W_hr` : block);
        assert.ok(
          markdown.includes(`- ${name}: ρ = ${magnitude(s.rho)} · ${html('σ_max')} = ${magnitude(s.sigmaMax)}`),
          `${block} in:\n${markdown}`,
        );
      }
    });
  }

  it('a GRU with one summed b_h, at b_h', () => {
    const text = textOf('gru-summed-bias.json');
    const ds = diagnose(text);
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.equal(text.slice(ds[0].range.start, ds[0].range.end), '"b_h"');
    assert.match(ds[0].message, /b_hn sits inside r ⊙/);
  });

  it('a declared cell W_hh disagrees with, at W_hh; an unknown cell, at its value', () => {
    const text = textOf('gru-declared-lstm-shape.json');
    const [d] = diagnose(text);
    assert.equal(d.code, 'cell-mismatch');
    assert.equal(text.slice(d.range.start, d.range.end), '"W_hh"');
    assert.match(d.message, /"cell": "gru" needs W_hh 3H×H \(gate rows r, z, n\), found 16×4 \(an LSTM's shape\)/);
    const unknown = '{"cell": "tree", "W_hh": [[1]]}';
    const [u] = diagnose(unknown);
    assert.equal(u.code, 'unknown-cell');
    assert.equal(unknown.slice(u.range.start, u.range.end), '"tree"');
  });

  it('an RNN activation in a gated file, at its value', () => {
    const text = textOf('gru.json').replace('"cell": "gru", ', '"cell": "gru", "activation": "relu", ');
    const [d] = diagnose(text);
    assert.equal(text.slice(d.range.start, d.range.end), '"relu"');
    assert.match(d.message, /an RNN's setting: a GRU's gates are sigmoid/);
  });

  it('without "cell", a gated shape is still an RNN that is not square, with the cell to write', () => {
    const text = textOf('lstm.json').replace('"cell": "lstm", ', '');
    const [d] = diagnose(text);
    assert.equal(d.code, 'non-square-recurrent');
    assert.match(d.message, /W_hh must be square .*16×4; for an LSTM write "cell": "lstm"/);
  });

  it('gate rows and biases that do not match W_hh', () => {
    const text = '{"cell": "gru", "W_hh": [[1],[2],[3]], "W_xh": [[1],[2]], "b_ih": [1, 2], "b_hh": [1, 2, 3]}';
    const ds = diagnose(text);
    assert.deepEqual(
      ds.map((d) => text.slice(d.range.start, d.range.end)),
      ['"W_xh"', '"b_ih"'],
    );
  });

  it('a PyTorch state_dict JSON of an LSTM with proj_size: no diagnostic, the hover gives block · W_hr', () => {
    const nested = (t: { shape: number[]; values: number[] }) =>
      t.shape.length === 1
        ? t.values
        : Array.from({ length: t.shape[0] }, (_, i) => t.values.slice(i * t.shape[1], (i + 1) * t.shape[1]));
    const names = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_hr_l0'];
    const dict = Object.fromEntries(names.map((n) => [`lstm.${n}`, nested(stored('lstm-proj', n))]));
    const text = JSON.stringify(dict);
    assert.deepEqual(diagnose(text), []);
    const markdown = hoverOn(text, 'lstm.weight_hh_l0');
    for (const [block, s] of Object.entries(spectra['lstm-proj'])) {
      assert.ok(markdown.includes(`- ${html(`${block}·W_hr`)}: ρ = ${magnitude(s.rho)}`), `${block} in:\n${markdown}`);
    }
    const wrong = JSON.stringify({ ...dict, 'lstm.weight_hr_l0': [[1, 2, 3]] });
    const [d] = diagnose(wrong);
    assert.equal(wrong.slice(d.range.start, d.range.end), '"lstm.weight_hr_l0"');
    assert.match(d.message, /is 1×3, expected 2×4 \(P × H/);
  });
});

// Diagnostics and hovers in weight JSON files: each problem at its exact range (found in the text by hand).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseWeightsJson } from '../../../src/core/inspect/diagnose-weights';
import { weightsHover } from '../../../src/core/inspect/weights-hover';
import { parseWeightsJson, type WeightsDiagnostic } from '../../../src/core/inspect/weights-json';
import { fmt } from '../../../src/core/format-number';
import { expected, FIXTURES } from './fixtures';

const diagnose = (text: string) => diagnoseWeightsJson(parseWeightsJson(text));

/** The range of the `occurrence`-th appearance of `snippet` in `text`. */
function rangeOf(text: string, snippet: string, occurrence = 0): { start: number; end: number } {
  let start = -1;
  for (let k = 0; k <= occurrence; k++) start = text.indexOf(snippet, start + 1);
  assert.ok(start >= 0, `"${snippet}" not in the text`);
  return { start, end: start + snippet.length };
}

function only(ds: WeightsDiagnostic[], code: string): WeightsDiagnostic {
  const found = ds.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(ds)}`);
  return found[0];
}

describe('weights JSON diagnostics', () => {
  it('a ragged row, at that row', () => {
    const text = '{"W_hh": [[1, 2], [3], [4, 5]]}';
    const d = only(diagnose(text), 'ragged-rows');
    assert.deepEqual(d.range, rangeOf(text, '[3]'));
    assert.match(d.message, /W_hh\[1\] has 1 entries, expected 2/);
  });
  it('a non-numeric entry, at that entry', () => {
    const text = '{"W_hh": [[1, true], [3, 4]]}';
    const d = only(diagnose(text), 'not-a-number');
    assert.deepEqual(d.range, rangeOf(text, 'true'));
    assert.match(d.message, /W_hh\[0\]\[1\] is true, not a number/);
  });
  it('NaN and Infinity written as strings', () => {
    const text = '{"W_hh": [[1, "NaN"], ["-Infinity", 4]]}';
    const ds = diagnose(text).filter((d) => d.code === 'non-finite-string');
    assert.deepEqual(
      ds.map((d) => d.range),
      [rangeOf(text, '"NaN"'), rangeOf(text, '"-Infinity"')],
    );
  });
  it('a bare NaN literal (not JSON)', () => {
    const text = '{"W_hh": [[1, NaN], [3, 4]]}';
    assert.deepEqual(only(diagnose(text), 'non-finite-literal').range, rangeOf(text, 'NaN'));
  });
  it('a number too large for float64', () => {
    const text = '{"W_hh": [[1, 2e400], [3, 4]]}';
    assert.deepEqual(only(diagnose(text), 'not-a-number').range, rangeOf(text, '2e400'));
  });
  it('a non-square W_hh, at its key', () => {
    const text = '{"W_hh": [[1, 2, 3], [4, 5, 6]], "W_xh": [[1], [2]]}';
    const d = only(diagnose(text), 'non-square-recurrent');
    assert.deepEqual(d.range, rangeOf(text, '"W_hh"'));
    assert.match(d.message, /found 2×3/);
  });
  it('shape mismatches between tensors of our format', () => {
    const text =
      '{"W_hh": [[1, 0], [0, 1]], "W_xh": [[1], [2], [3]], "b_h": [0, 0, 0], "W_hy": [[1, 2, 3]], "b_y": [1]}';
    const ds = diagnose(text).filter((d) => d.code === 'shape-mismatch');
    assert.deepEqual(
      ds.map((d) => d.range),
      ['"W_xh"', '"b_h"', '"W_hy"'].map((k) => rangeOf(text, k)),
    );
  });
  it('PyTorch: W_ih rows, biases, and layer 1 reading a bidirectional layer 0', () => {
    const text = JSON.stringify({
      weight_hh_l0: [
        [1, 0],
        [0, 1],
      ],
      weight_ih_l0: [[1], [2], [3]],
      bias_ih_l0: [0, 0],
      bias_hh_l0: [0],
      weight_hh_l0_reverse: [
        [1, 0],
        [0, 1],
      ],
      weight_ih_l0_reverse: [[1], [2]],
      weight_hh_l1: [
        [1, 0],
        [0, 1],
      ],
      weight_ih_l1: [
        [1, 2],
        [3, 4],
      ],
    });
    const ds = diagnose(text).filter((d) => d.code === 'shape-mismatch');
    assert.deepEqual(
      ds.map((d) => d.range),
      ['"weight_ih_l0"', '"bias_hh_l0"', '"weight_ih_l1"'].map((k) => rangeOf(text, k)),
    );
    assert.match(ds[2].message, /2 columns, but layer 0 outputs 4 values/);
  });
  it('PyTorch LSTM shapes (4H×H) are not flagged; a 5×2 weight_hh is', () => {
    assert.deepEqual(diagnose(readFileSync(join(FIXTURES, 'model/torch-lstm.json'), 'utf8')), []);
    const text = '{"weight_hh_l0": [[1, 0], [0, 1], [1, 1], [2, 2], [3, 3]]}';
    assert.deepEqual(only(diagnose(text), 'non-square-recurrent').range, rangeOf(text, '"weight_hh_l0"'));
  });
  it('Keras: kernel columns must match recurrent_kernel', () => {
    const text = '{"rnn/kernel:0": [[1, 2, 3]], "rnn/recurrent_kernel:0": [[1, 0], [0, 1]], "rnn/bias:0": [0, 0]}';
    assert.deepEqual(only(diagnose(text), 'shape-mismatch').range, rangeOf(text, '"rnn/kernel:0"'));
  });
  it('tied tensors that differ: the largest difference, named and marked at its number', () => {
    // W_xh is 2×3; W_hy^T must equal it. W_hy[2][1] (= W_hy^T[1][2]) is off by 0.5, W_hy[0][0] by 0.001.
    const text =
      '{"W_hh": [[0.5, 0], [0, 0.5]], "W_xh": [[1, 2, 3], [4, 5, 6]], "W_hy": [[1.001, 4], [2, 5], [3, 6.5]], "tied": [["W_xh", "W_hy^T"]]}';
    const ds = diagnose(text).filter((d) => d.code === 'tied-not-equal');
    assert.equal(ds.length, 2);
    assert.deepEqual(ds[0].range, rangeOf(text, '6.5'));
    assert.deepEqual(ds[1].range, rangeOf(text, '["W_xh", "W_hy^T"]'));
    assert.match(
      ds[0].message,
      /W_xh = W_hy\^T is broken: the largest difference is 0\.5 at W_hy\^T\[1\]\[2\] \(6\.5 vs 6 in W_xh\)/,
    );
  });
  it('tied tensors that are equal, and tied shapes that do not fit', () => {
    const equal = '{"W_hh": [[1]], "W_xh": [[1, 2]], "W_hy": [[1], [2]], "tied": [["W_xh", "W_hy^T"]]}';
    assert.deepEqual(diagnose(equal), []);
    const misfit = '{"W_hh": [[1]], "W_xh": [[1, 2]], "W_hy": [[1, 2]], "tied": [["W_xh", "W_hy^T"]]}';
    assert.deepEqual(only(diagnose(misfit), 'tied-shapes').range, rangeOf(misfit, '["W_xh", "W_hy^T"]'));
  });
  it('files torch wrote are clean', () => {
    for (const stem of ['torch-rnn', 'keras-rnn', 'torch-gru']) {
      assert.deepEqual(diagnose(readFileSync(join(FIXTURES, `model/${stem}.json`), 'utf8')), [], stem);
    }
  });
});

describe('weights JSON hover', () => {
  const rel = 'model/torch-rnn.json';
  const text = readFileSync(join(FIXTURES, rel), 'utf8');
  const doc = parseWeightsJson(text);
  it('on a recurrent matrix: shape, statistics, ρ, σ_max (numpy), γσ_max, verdict and horizon', () => {
    const name = 'rnn.weight_hh_l1_reverse';
    const key = rangeOf(text, `"${name}"`);
    const hover = weightsHover(doc, text, rel, key.start + 3);
    assert.ok(hover);
    assert.deepEqual(hover.range, key);
    const want = expected().statistics['model/torch-rnn.safetensors'][name];
    assert.ok(hover.markdown.includes(`**${name}** — 4×4`), hover.markdown);
    assert.ok(hover.markdown.includes(`mean ${fmt(want.mean)}`), hover.markdown);
    assert.ok(hover.markdown.includes(`std ${fmt(want.std)}`), hover.markdown);
    assert.ok(
      hover.markdown.includes(
        `ρ = ${fmt(want.spectralRadius)} · σ<sub>max</sub> = ${fmt(want.sigmaMax)} · γσ<sub>max</sub> = ${fmt(want.sigmaMax)} (tanh, assumed, γ = 1)`,
      ),
      hover.markdown,
    );
    assert.match(hover.markdown, /\*\*(Vanishing|Exploding|Edge)\.\*\* /);
    assert.match(
      hover.markdown,
      /Gradient horizon: (all )?\d+ steps? \(‖J\(l\)‖₂ ≥ 0\.001, 100 random input steps, seed 0\)/,
    );
  });
  it('on an input matrix: shape and statistics only', () => {
    const key = rangeOf(text, '"rnn.weight_ih_l0"');
    const hover = weightsHover(doc, text, rel, key.start + 1)!;
    assert.match(hover.markdown, /^\*\*rnn\.weight_ih_l0\*\* — 4×3\n\nmin /);
    assert.ok(!hover.markdown.includes('ρ'));
  });
  it('nothing outside keys', () => {
    assert.equal(weightsHover(doc, text, rel, rangeOf(text, '"rnn.weight_ih_l0"').end + 5), undefined);
  });
});

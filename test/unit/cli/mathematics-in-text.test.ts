// No TeX source in what people read: every hover on the examples (configs and weight JSON files) and the CLI's
// text for each example shows formulas as mathematics (HTML sub/sup in hovers, Unicode in the terminal).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { contextWithWeights } from '../../../src/core/config/checkText';
import { hoverAt } from '../../../src/core/config/hover';
import { weightsHover } from '../../../src/core/inspect/weights-hover';
import { parseWeightsJson } from '../../../src/core/inspect/weights-json';
import { CONFIG_EXAMPLES, EXAMPLES } from '../config/helpers';
import { REPO } from '../helpers';

const CLI = join(REPO, 'dist', 'cli.js');
const TEX = /[_^]\{|\\[a-z]+/;
/** In a hover, formulas left as source: a script mark after a symbol we render (σ_max, h_T, ‖·‖_F, (γρ)^T, x^l). */
const RAW_FORMULA = /σ_max|∂h_|‖_F|\)\^|\d\^|W\^/;
const WEIGHT_EXAMPLES = [
  'exploding.json',
  'vanishing.json',
  'orthogonal.json',
  'transient.json',
  'tied.json',
  'pytorch_state_dict.json',
];
const CONFIGS = readdirSync(CONFIG_EXAMPLES).filter((name) => /\.rnn\.(json|jsonc|yaml|yml)$/.test(name));

/** Markdown without its code spans: file syntax such as `W_hy^T` is quoted, not mathematics. */
const prose = (markdown: string) => markdown.replace(/`[^`]*`/g, '');

function assertHoverMathematics(markdown: string, where: string): void {
  const text = prose(markdown);
  assert.doesNotMatch(text, TEX, `${where}:\n${text}`);
  assert.doesNotMatch(text, RAW_FORMULA, `${where}:\n${text}`);
}

test('config hovers on every key of every example config', async () => {
  let hovers = 0;
  for (const name of CONFIGS) {
    const path = join(CONFIG_EXAMPLES, name);
    const text = readFileSync(path, 'utf8');
    const ctx = await contextWithWeights(text, path, {});
    const seen = new Set<string>();
    for (let offset = 0; offset < text.length; offset++) {
      const h = hoverAt(ctx, offset);
      if (!h || seen.has(h.markdown)) continue;
      seen.add(h.markdown);
      assertHoverMathematics(h.markdown, `${name} at ${offset}`);
      hovers++;
    }
  }
  assert.ok(hovers > 40, `${hovers} hovers checked`);
});

test('weights hovers on every tensor of the example weight files', () => {
  let hovers = 0;
  for (const name of WEIGHT_EXAMPLES) {
    const text = readFileSync(join(EXAMPLES, name), 'utf8');
    const doc = parseWeightsJson(text);
    for (const t of doc.tensors.values()) {
      const h = weightsHover(doc, text, name, t.keyRange.start + 1);
      assert.ok(h, `${name}: ${t.name}`);
      // The first line names the tensor as the file does (weight_hh_l0): not mathematics.
      assertHoverMathematics(h.markdown.split('\n').slice(1).join('\n'), `${name}: ${t.name}`);
      hovers++;
    }
  }
  assert.ok(hovers >= WEIGHT_EXAMPLES.length * 3, `${hovers} hovers checked`);
});

test('rnn-gradients analyze prints mathematics for every example', () => {
  for (const name of WEIGHT_EXAMPLES) {
    const r = spawnSync(process.execPath, [CLI, 'analyze', join(EXAMPLES, name), '--steps', '60'], {
      encoding: 'utf8',
      cwd: REPO,
    });
    assert.equal(r.status, 0, r.stderr);
    // Terminals get Unicode: ∂h_T/∂h_(T−l), (γσ_max)ˡ; never a brace.
    assert.doesNotMatch(r.stdout, /[{}]/, `${name}:\n${r.stdout}`);
  }
});

test('rnn-gradients check prints mathematics for every example config', () => {
  const r = spawnSync(process.execPath, [CLI, 'check', ...CONFIGS.map((name) => join(CONFIG_EXAMPLES, name))], {
    encoding: 'utf8',
    cwd: REPO,
  });
  assert.ok(r.stdout.split('\n').length > 5, r.stdout);
  assert.doesNotMatch(r.stdout, TEX, r.stdout);
  assert.doesNotMatch(r.stdout, /\)\^|\d\^[lT\d]/, r.stdout);
});

test('the progress messages of an analysis (shown in the progress notification) carry no TeX', () => {
  const messages: string[] = [];
  analyzeFile(
    join(REPO, 'examples', 'vanishing.json'),
    { inputs: { kind: 'random', seed: 0, steps: 20 } },
    {
      onProgress: (_fraction, message) => {
        if (message) messages.push(message);
      },
    },
  );
  assert.ok(
    messages.some((m) => m.startsWith('Jacobian ')),
    messages.join('\n'),
  );
  for (const message of messages) assert.doesNotMatch(message, TEX, message);
});

// Parsing JSON, JSONC and YAML configs into one located model: every range points at the text it came from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { LineIndex } from '../../../src/core/config/lines';
import type { TextRange } from '../../../src/core/config/source';

const slice = (text: string, r: TextRange): string => text.slice(r.start, r.end);

const JSONC = `{
  // comment
  "model": { "hidden_size": 64, "input_size": 3, "activation": "relu",
    "recurrent_init": { "type": "normal", "std": 0.125 } },
  "data": { "seq_len": 30 }, "train": { "clip_grad_norm": null, "lr": 1e-3 },
  "weights": "w.json",
  "tied": [["W_xh", "W_hy^T"]],
}`;

const YAML = `# comment
model:
  hidden_size: 64
  input_size: 3
  activation: relu
  recurrent_init: {type: normal, std: 0.125}
data:
  seq_len: 30
train:
  clip_grad_norm: null
  lr: 1e-3
weights: w.json
tied:
  - [W_xh, W_hy^T]
`;

for (const [name, text] of [
  ['a.rnn.jsonc', JSONC],
  ['a.rnn.yaml', YAML],
] as const) {
  test(`${name}: every key is read with the range of its value and key`, () => {
    const ctx = buildContext(text, name);
    assert.deepEqual(ctx.parsed.syntaxProblems, []);
    assert.deepEqual(ctx.readProblems, []);
    const c = ctx.config;
    assert.equal(c.hiddenSize?.value, 64);
    assert.equal(slice(text, c.hiddenSize!.range), '64');
    assert.match(slice(text, c.hiddenSize!.keyRange), /^"?hidden_size"?$/);
    assert.equal(c.inputSize?.value, 3);
    assert.equal(c.activation?.value, 'relu');
    assert.match(slice(text, c.activation!.range), /^"?relu"?$/);
    assert.equal(c.recurrentInit?.type?.value, 'normal');
    assert.equal(c.recurrentInit?.std?.value, 0.125);
    assert.equal(slice(text, c.recurrentInit!.std!.range), '0.125');
    assert.equal(c.seqLen?.value, 30);
    assert.equal(slice(text, c.seqLen!.range), '30');
    assert.equal(c.clipGradNorm?.value, null);
    assert.equal(c.lr?.value, 1e-3);
    assert.equal(c.weights?.value, 'w.json');
    assert.deepEqual(
      c.tied?.groups.map((g) => g.members.map((m) => m.value)),
      [['W_xh', 'W_hy^T']],
    );
    assert.match(slice(text, c.tied!.groups[0].members[1].range), /^"?W_hy\^T"?$/);
  });
}

test('offsets become 1-based lines and columns the way editors count them, with \\n and \\r\\n', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = YAML.replace(/\n/g, eol);
    const ctx = buildContext(text, 'a.rnn.yml');
    const lines = new LineIndex(text);
    const at = lines.positionAt(ctx.config.seqLen!.range.start);
    assert.deepEqual(at, { line: 7, character: 11 });
    assert.equal(text.split(eol)[at.line].slice(at.character, at.character + 2), '30');
    assert.equal(lines.offsetAt(at), ctx.config.seqLen!.range.start);
  }
});

test('syntax errors are located: a comment in .rnn.json, a missing comma, a YAML indentation error', () => {
  const commented = '{\n  // no comments in plain JSON\n  "data": {"seq_len": 3}\n}';
  const a = buildContext(commented, 'x.rnn.json');
  assert.equal(a.parsed.syntaxProblems.length, 1);
  assert.equal(slice(commented, a.parsed.syntaxProblems[0].range).startsWith('//'), true);
  assert.match(a.parsed.syntaxProblems[0].message, /comments are not allowed/);
  assert.equal(a.config.seqLen?.value, 3, 'the rest is still read');
  assert.deepEqual(buildContext(commented, 'x.rnn.jsonc').parsed.syntaxProblems, []);

  const noComma = '{"data": {"seq_len": 3} "train": {}}';
  const b = buildContext(noComma, 'x.rnn.json');
  assert.equal(b.parsed.syntaxProblems[0].range.start, noComma.indexOf('"train"'));
  assert.match(b.parsed.syntaxProblems[0].message, /comma/);

  const badYaml = 'data:\n  seq_len: [1, 2\ntrain: x\n';
  const c = buildContext(badYaml, 'x.rnn.yaml');
  assert.ok(c.parsed.syntaxProblems.length > 0);
  assert.ok(!c.parsed.syntaxProblems[0].message.includes('\n'));
});

test('an empty file and a non-object root give no crash', () => {
  assert.deepEqual(buildContext('', 'e.rnn.yaml').config, {});
  assert.deepEqual(buildContext('', 'e.rnn.json').config, {});
  const list = buildContext('[1, 2]', 'l.rnn.json');
  assert.equal(list.readProblems[0].code, 'invalid-value');
  assert.equal(list.readProblems[0].range.start, 0);
});

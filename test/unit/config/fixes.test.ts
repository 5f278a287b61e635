// Quick fixes: applied, they give exactly the expected text, comments and formatting kept, and the problem is gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import { applyTextEdits } from '../../../src/core/config/edits/editor';
import { addClipFix, orthogonalFix, rescaleFix } from '../../../src/core/config/fixes';
import type { QuickFix } from '../../../src/core/config/types';

function apply(text: string, name: string, make: typeof addClipFix): string {
  const fix = make(buildContext(text, name)) as QuickFix;
  assert.ok(fix, 'a fix is offered');
  assert.equal(fix.edits.length, 1, 'one edit');
  return applyTextEdits(text, fix.edits);
}

const JSONC = `{
  // the model
  "model": {
    "hidden_size": 64,
    "recurrent_init": { "type": "normal", "std": 0.25 } // too wide
  },
  "data": { "seq_len": 50 },
  "train": {
    "lr": 0.01 // no clipping yet
  }
}
`;

test('JSONC: add clip_grad_norm into the existing train object, comments kept', () => {
  assert.equal(
    apply(JSONC, 'c.rnn.jsonc', addClipFix),
    JSONC.replace('"lr": 0.01 // no clipping yet', '"lr": 0.01, // no clipping yet\n    "clip_grad_norm": 1.0'),
  );
});

test("JSON: add clip_grad_norm creating train, in the file's indentation", () => {
  const text = '{\n    "model": {\n        "hidden_size": 64\n    },\n    "data": { "seq_len": 5 }\n}\n';
  assert.equal(
    apply(text, 'c.rnn.json', addClipFix),
    '{\n    "model": {\n        "hidden_size": 64\n    },\n    "data": { "seq_len": 5 },\n    "train": {\n        "clip_grad_norm": 1.0\n    }\n}\n',
  );
});

test('JSON: clip_grad_norm: null becomes 1.0 in place', () => {
  const text = '{"model": {"hidden_size": 64}, "train": {"clip_grad_norm": null}}';
  assert.equal(apply(text, 'c.rnn.json', addClipFix), text.replace('null', '1.0'));
});

test('JSONC: switch to orthogonal inside a one-line object: type replaced, std dropped, gain added, comment kept', () => {
  assert.equal(
    apply(JSONC, 'c.rnn.jsonc', orthogonalFix),
    JSONC.replace('{ "type": "normal", "std": 0.25 } // too wide', '{ "type": "orthogonal", "gain": 1.0 } // too wide'),
  );
});

test('JSONC: rescale std to 1/√hidden_size', () => {
  assert.equal(apply(JSONC, 'c.rnn.jsonc', rescaleFix), JSONC.replace('0.25', String(1 / Math.sqrt(64))));
});

const YAML = `# the model
model:
  hidden_size: 100   # units
  activation: tanh
  recurrent_init:
    type: uniform    # from an old paper
    a: 0.5
data:
  seq_len: 50
`;

test('YAML: add clip_grad_norm creating a train block at the end', () => {
  assert.equal(apply(YAML, 'c.rnn.yaml', addClipFix), `${YAML}train:\n  clip_grad_norm: 1.0\n`);
});

test('YAML: add clip_grad_norm into an existing block map, after its last entry and comment', () => {
  const text = 'train:\n    lr: 0.1   # fast\ndata:\n    seq_len: 5\n';
  assert.equal(
    apply(text, 'c.rnn.yaml', addClipFix),
    'train:\n    lr: 0.1   # fast\n    clip_grad_norm: 1.0\ndata:\n    seq_len: 5\n',
  );
});

test('YAML: add clip_grad_norm into a flow map', () => {
  const text = 'model: {hidden_size: 64, recurrent_init: {type: normal, std: 0.3}}\ntrain: {lr: 0.1}\n';
  assert.equal(
    apply(text, 'c.rnn.yaml', addClipFix),
    'model: {hidden_size: 64, recurrent_init: {type: normal, std: 0.3}}\ntrain: {lr: 0.1, clip_grad_norm: 1.0}\n',
  );
});

test('YAML: switch a block init to orthogonal, keeping the comment on type', () => {
  assert.equal(
    apply(YAML, 'c.rnn.yaml', orthogonalFix),
    YAML.replace(
      '    type: uniform    # from an old paper\n    a: 0.5\n',
      '    type: orthogonal    # from an old paper\n    gain: 1.0\n',
    ),
  );
});

test('YAML: orthogonal for sigmoid uses gain 1/γ = 4', () => {
  const text = 'model:\n  hidden_size: 16\n  activation: sigmoid\n  recurrent_init: {type: normal, std: 0.1}\n';
  assert.equal(
    apply(text, 'c.rnn.yaml', orthogonalFix),
    text.replace('{type: normal, std: 0.1}', '{type: orthogonal, gain: 4.0}'),
  );
});

test('YAML: with no recurrent_init, the fix adds one to model', () => {
  const text = 'model:\n  hidden_size: 16\ndata:\n  seq_len: 100\n';
  assert.equal(
    apply(text, 'c.rnn.yaml', orthogonalFix),
    'model:\n  hidden_size: 16\n  recurrent_init:\n    type: orthogonal\n    gain: 1.0\ndata:\n  seq_len: 100\n',
  );
});

test('YAML: rescale a of a uniform init to √3/√n', () => {
  assert.equal(
    apply(YAML, 'c.rnn.yaml', rescaleFix),
    YAML.replace('a: 0.5', `a: ${Number((Math.sqrt(3) / 10).toPrecision(4))}`),
  );
});

test('YAML with \\r\\n line ends keeps them', () => {
  const text = YAML.replace(/\n/g, '\r\n');
  assert.equal(apply(text, 'c.rnn.yml', addClipFix), `${text}train:\r\n  clip_grad_norm: 1.0\r\n`);
});

test('each fix makes its diagnostic go away', () => {
  const configs: [string, string][] = [
    ['c.rnn.jsonc', JSONC],
    ['c.rnn.yaml', YAML.replace('a: 0.5', 'a: 0.05')],
    ['c.rnn.yaml', 'model:\n  hidden_size: 64\n  recurrent_init: {type: normal, std: 0.3}\n'],
    ['c.rnn.json', '{"model": {"hidden_size": 32}, "data": {"seq_len": 400}}'],
  ];
  let checked = 0;
  for (const [name, text] of configs) {
    for (const d of diagnoseConfig(buildContext(text, name))) {
      for (const fix of [d.fix, ...(d.otherFixes ?? [])]) {
        if (!fix) continue;
        // Adding clipping answers "exploding and no clipping"; the other fixes answer the regime itself.
        const fixed = diagnoseConfig(buildContext(applyTextEdits(text, fix.edits), name));
        assert.ok(!fixed.some((f) => f.code === d.code), `${name}: "${fix.title}" leaves ${d.code}`);
        assert.ok(!fixed.some((f) => f.code === 'syntax'), `${name}: "${fix.title}" breaks the syntax`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 6, `${checked} fixes checked`);
});

test('empty and null sections are filled in place; a section that is not an object gets no fix', () => {
  const head = 'model:\n  hidden_size: 64\n  recurrent_init: {type: normal, std: 0.3}\n';
  assert.equal(
    apply(`${head}train:   # later\ndata: {seq_len: 3}\n`, 'c.rnn.yaml', addClipFix),
    `${head}train:   # later\n  clip_grad_norm: 1.0\ndata: {seq_len: 3}\n`,
  );
  assert.equal(
    apply(`${head}train: null # later\n`, 'c.rnn.yaml', addClipFix),
    `${head}train: { clip_grad_norm: 1.0 } # later\n`,
  );
  assert.equal(apply(`${head}train: {}\n`, 'c.rnn.yaml', addClipFix), `${head}train: {clip_grad_norm: 1.0}\n`);
  const emptyInit = 'model:\n  hidden_size: 64\n  recurrent_init:\ndata:\n  seq_len: 100\n';
  assert.equal(
    apply(emptyInit, 'c.rnn.yaml', orthogonalFix),
    'model:\n  hidden_size: 64\n  recurrent_init:\n    type: orthogonal\n    gain: 1.0\ndata:\n  seq_len: 100\n',
  );
  const json = '{"model": {"hidden_size": 64, "recurrent_init": {"type": "normal", "std": 0.3}}, "train": null}';
  assert.equal(apply(json, 'c.rnn.json', addClipFix), json.replace('null', '{ "clip_grad_norm": 1.0 }'));
  assert.equal(addClipFix(buildContext(`${head}train: 5\n`, 'c.rnn.yaml')), undefined);
  assert.equal(addClipFix(buildContext(json.replace('null', '5'), 'c.rnn.json')), undefined);
});

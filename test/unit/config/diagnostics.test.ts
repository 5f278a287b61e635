// Every diagnostic of a training config: its code, severity, exact range and the numbers in its message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import { readJsonWeights } from '../../../src/core/formats/json';
import { recognizeModel } from '../../../src/core/model/recognize';
import { EXAMPLES, contextFor, diagnose, only, slice } from './helpers';

const examplePath = (name: string): string => join(EXAMPLES, name);

test('horizon shorter than seq_len: a warning on seq_len with the predicted numbers', () => {
  const text = 'model:\n  hidden_size: 128\n  recurrent_init: {type: normal, std: 0.04}\ndata:\n  seq_len: 200\n';
  const ctx = buildContext(text, 'c.rnn.yaml');
  const [d] = only(diagnoseConfig(ctx), 'horizon-short');
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d.range), '200');
  const factor = ctx.prediction!.gammaRho;
  let horizon = 0;
  while (factor ** (horizon + 1) >= 1e-3) horizon++;
  assert.match(d.message, new RegExp(`horizon ${horizon} steps < seq_len 200`));
  assert.match(d.message, /linearised estimate/);
  assert.ok(d.fix && /orthogonal/.test(d.fix.title), 'switch-to-orthogonal fix');
  assert.ok(
    d.otherFixes?.some((f) => /std/.test(f.title)),
    'rescale-std fix',
  );
  // A short sequence is fine; so is an init whose horizon is unbounded.
  assert.equal(only(diagnoseConfig(buildContext(text.replace('200', '3'), 'c.rnn.yaml')), 'horizon-short').length, 0);
  assert.equal(
    only(diagnoseConfig(buildContext(text.replace('normal, std: 0.04', 'orthogonal'), 'c.rnn.yaml')), 'horizon-short')
      .length,
    0,
  );
});

test('the threshold of the horizon is configurable', () => {
  const text =
    '{"model": {"hidden_size": 64, "recurrent_init": {"type": "normal", "std": 0.1}}, "data": {"seq_len": 20}}';
  assert.equal(only(diagnoseConfig(buildContext(text, 'c.rnn.json')), 'horizon-short').length, 0);
  assert.equal(only(diagnoseConfig(buildContext(text, 'c.rnn.json', { threshold: 1e-12 })), 'horizon-short').length, 0);
  assert.equal(only(diagnoseConfig(buildContext(text, 'c.rnn.json', { threshold: 0.5 })), 'horizon-short').length, 1);
});

test('exploding without clip_grad_norm: a warning on the init type, gone once clipping is set', () => {
  const text = '{"model": {"hidden_size": 64, "recurrent_init": {"type": "normal", "std": 0.25}}}';
  const [d] = only(diagnoseConfig(buildContext(text, 'c.rnn.json')), 'exploding-no-clip');
  assert.equal(d.severity, 'warning');
  assert.equal(slice(text, d.range), '"normal"');
  assert.match(d.fix!.title, /clip_grad_norm: 1\.0/);
  const clipped = text.replace('}}}', '}}, "train": {"clip_grad_norm": 5}}');
  assert.equal(only(diagnoseConfig(buildContext(clipped, 'c.rnn.json')), 'exploding-no-clip').length, 0);
  const explicitNone = text.replace('}}}', '}}, "train": {"clip_grad_norm": null}}');
  assert.equal(only(diagnoseConfig(buildContext(explicitNone, 'c.rnn.json')), 'exploding-no-clip').length, 1);
});

test('weights file missing: an error on the path', async () => {
  const text = '{"model": {"hidden_size": 4}, "weights": "nowhere/w.json"}';
  const ds = await diagnose('c.rnn.json', text);
  const [d] = only(ds, 'weights-missing');
  assert.equal(d.severity, 'error');
  assert.equal(slice(text, d.range), '"nowhere/w.json"');
  assert.match(d.message, /does not exist/);
});

test('weights file unreadable: an error naming the problem and the place', async () => {
  const text = 'weights: broken.json\n';
  const ds = await diagnose('c.rnn.yaml', text, { 'broken.json': '{"W_hh": [[1, 2], [3]]}' });
  const [d] = only(ds, 'weights-unreadable');
  assert.equal(d.severity, 'error');
  assert.equal(slice(text, d.range), 'broken.json');
  assert.match(d.message, /\$\.W_hh/);
});

test('saved weights that disagree with hidden_size, input_size and activation: an error on each', async () => {
  const saved = recognizeModel(readJsonWeights(readFileSync(examplePath('vanishing.json'), 'utf8'), 'vanishing.json'));
  const other = saved.activation === 'sigmoid' ? 'tanh' : 'sigmoid';
  const text = `model:\n  hidden_size: ${saved.hiddenSize + 1}\n  input_size: ${saved.inputSize + 2}\n  activation: ${other}\nweights: ${examplePath('vanishing.json')}\n`;
  const ds = only(await diagnose('c.rnn.yaml', text), 'weights-mismatch');
  assert.deepEqual(
    ds.map((d) => slice(text, d.range)),
    [String(saved.hiddenSize + 1), String(saved.inputSize + 2), other],
  );
  assert.ok(ds.every((d) => d.severity === 'error'));
  assert.match(ds[0].message, new RegExp(`hidden size ${saved.hiddenSize}`));
  assert.match(ds[2].message, new RegExp(`saved with ${saved.activation}`));
  const agreeing = `model:\n  hidden_size: ${saved.hiddenSize}\n  input_size: ${saved.inputSize}\n  activation: ${saved.activation}\nweights: ${examplePath('vanishing.json')}\n`;
  assert.equal(only(await diagnose('c.rnn.yaml', agreeing), 'weights-mismatch').length, 0);
});

test("a state_dict stores no activation: the config's is used, not reported as a mismatch", async () => {
  const text = `{"model": {"activation": "sigmoid"}, "weights": ${JSON.stringify(examplePath('pytorch_state_dict.json'))}}`;
  const ctx = await contextFor('c.rnn.json', text);
  assert.equal(ctx.weights?.status, 'ok');
  if (ctx.weights?.status !== 'ok') return;
  assert.equal(ctx.weights.activation, 'sigmoid');
  assert.equal(ctx.weights.activationSource, 'override');
  assert.equal(ctx.weights.gamma, 0.25);
  assert.equal(only(diagnoseConfig(ctx), 'weights-mismatch').length, 0);
});

test("the saved weights' measured horizon against seq_len", async () => {
  const text = `data:\n  seq_len: 150\nweights: ${examplePath('vanishing.json')}\n`;
  const ctx = await contextFor('c.rnn.yaml', text);
  assert.equal(ctx.weights?.status, 'ok');
  if (ctx.weights?.status !== 'ok') return;
  const expectWarning = !ctx.weights.horizonReachesEnd && ctx.weights.horizon < 150;
  assert.ok(expectWarning, 'vanishing.json should not carry gradients 150 steps');
  const [d] = only(diagnoseConfig(ctx), 'horizon-short');
  assert.equal(slice(text, d.range), examplePath('vanishing.json'));
  assert.match(d.message, new RegExp(`horizon is ${ctx.weights.horizon} steps < seq_len 150`));
});

test('tied tensors with different shapes, from the config alone', () => {
  const text = '{"model": {"hidden_size": 16, "input_size": 4}, "tied": [["W_xh", "W_hh"], ["W_hh", "W_hh^T"]]}';
  const ds = only(diagnoseConfig(buildContext(text, 'c.rnn.json')), 'tied-shape');
  assert.equal(ds.length, 1);
  assert.equal(slice(text, ds[0].range), '["W_xh", "W_hh"]');
  assert.match(ds[0].message, /W_xh is 16×4, W_hh is 16×16/);
});

test('saved tied tensors that differ, that do not fit, or that do not exist', async () => {
  const n = 3;
  const weights = {
    cell: 'rnn',
    activation: 'tanh',
    W_hh: [
      [0.5, 0, 0],
      [0, 0.5, 0],
      [0, 0, 0.5],
    ],
    W_xh: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    b_h: [0, 0, 0],
    W_hy: [
      [1, 3, 5],
      [2, 4, 6.5],
    ],
    b_y: [0, 0],
  };
  const files = { 'w.json': JSON.stringify(weights) };
  const differ = only(
    await diagnose('c.rnn.yaml', `model: {hidden_size: ${n}}\nweights: w.json\ntied: [[W_xh, W_hy^T]]\n`, files),
    'tied-differ',
  );
  assert.equal(differ.length, 1);
  assert.match(differ[0].message, /0\.5|5\.000e-1/);
  assert.match(differ[0].message, /\[2\]\[1\]/, 'names where the largest difference is');
  const equalFiles = {
    'w.json': JSON.stringify({
      ...weights,
      W_hy: [
        [1, 3, 5],
        [2, 4, 6],
      ],
    }),
  };
  assert.equal(
    (await diagnose('c.rnn.yaml', 'weights: w.json\ntied: [[W_xh, W_hy^T]]\n', equalFiles)).filter((d) =>
      d.code.startsWith('tied'),
    ).length,
    0,
  );
  const shape = only(await diagnose('c.rnn.yaml', 'weights: w.json\ntied: [[W_xh, W_hy]]\n', files), 'tied-shape');
  assert.equal(shape.length, 1);
  const unknown = only(
    await diagnose('c.rnn.yaml', 'weights: w.json\ntied: [[W_xh, decoder.weight]]\n', files),
    'tied-unknown',
  );
  assert.equal(unknown.length, 1);
});

test('invalid values: each an error on the value, with what was expected', () => {
  const cases: [string, string, RegExp][] = [
    ['{"model": {"recurrent_init": {"type": "normal", "std": -0.1}}}', '-0.1', /std must be ≥ 0/],
    ['{"model": {"recurrent_init": {"type": "uniform", "a": -1}}}', '-1', /a must be ≥ 0/],
    ['{"model": {"activation": "softplus"}}', '"softplus"', /Unknown activation "softplus"/],
    ['{"model": {"hidden_size": 0}}', '0', /hidden_size must be a positive integer/],
    ['{"model": {"hidden_size": 12.5}}', '12.5', /hidden_size must be a positive integer/],
    ['{"model": {"hidden_size": "64"}}', '"64"', /hidden_size must be a positive integer, not "64"/],
    ['{"model": {"input_size": -3}}', '-3', /input_size must be a positive integer/],
    ['{"data": {"seq_len": 0}}', '0', /seq_len must be a positive integer/],
    ['{"train": {"lr": 0}}', '0', /lr must be a positive number/],
    ['{"train": {"clip_grad_norm": -1}}', '-1', /clip_grad_norm must be a positive number/],
    ['{"model": {"cell": "transformer"}}', '"transformer"', /Unsupported cell "transformer"/],
    ['{"model": {"recurrent_init": {"type": "kaiming"}}}', '"kaiming"', /Unknown init type/],
    ['{"model": {"recurrent_init": {"type": "normal"}}}', '"normal"', /needs std/],
    ['{"weights": 3}', '3', /weights must be a path/],
    ['{"tied": [["W_xh"]]}', '["W_xh"]', /at least two/],
    ['{"model": 5}', '5', /"model" must be an object/],
  ];
  for (const [text, marked, message] of cases) {
    const ds = only(diagnoseConfig(buildContext(text, 'c.rnn.json')), 'invalid-value');
    assert.equal(ds.length, 1, `${text}: ${JSON.stringify(ds)}`);
    assert.equal(ds[0].severity, 'error');
    assert.equal(slice(text, ds[0].range), marked, text);
    assert.match(ds[0].message, message);
  }
});

test('unknown keys and parameters the init ignores are warnings', () => {
  const text =
    'model:\n  hiden_size: 3\n  recurrent_init: {type: orthogonal, std: 0.1}\nepochs: 3\ntrain: {batch_size: 8}\n';
  const ds = only(diagnoseConfig(buildContext(text, 'c.rnn.yaml')), 'unknown-key');
  assert.deepEqual(
    ds.map((d) => slice(text, d.range)),
    ['hiden_size', 'std', 'epochs'],
  );
  assert.ok(ds.every((d) => d.severity === 'warning'));
});

test('syntax errors are diagnostics too', () => {
  const ds = diagnoseConfig(buildContext('{"model": {', 'c.rnn.json'));
  assert.ok(ds.some((d) => d.code === 'syntax' && d.severity === 'error'));
});

test('an analysis that fails for another reason than bad input is reported on the weights path, not thrown', async () => {
  const { contextWithWeights } = await import('../../../src/core/config/checkText');
  const text = `weights: ${examplePath('vanishing.json')}\n`;
  const ctx = await contextWithWeights(text, join(EXAMPLES, 'c.rnn.yaml'), {
    measure: async () => {
      throw new Error('the analysis worker stopped (exit code 1)');
    },
  });
  const [d] = only(diagnoseConfig(ctx), 'weights-unreadable');
  assert.equal(slice(text, d.range), examplePath('vanishing.json'));
  assert.match(d.message, /could not be analysed: the analysis worker stopped/);
});

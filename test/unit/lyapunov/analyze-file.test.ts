// --lyapunov through analyzeFile and the CLI: the JSON keys, the inputs the run is driven by, the whole stack, and
// the mistakes a user can make on the command line.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { REPO, fixturePath } from '../helpers';
import { runCli } from '../cli/run-cli';

const vanishing = join(REPO, 'examples', 'vanishing.json');
const exampleInputs = join(REPO, 'examples', 'inputs.json');
const stackFile = fixturePath('gated-stack', 'gru-2-layers.pt');

test('analyze --lyapunov 4 --json: the lyapunov key, sorted exponents, and the long run among the reasons', () => {
  const r = runCli(['analyze', '--lyapunov', '4', vanishing, '--lyapunov-steps', '300', '--warmup', '20', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  const ly = result.lyapunov;
  assert.equal(ly.units, 'per step, natural log');
  assert.equal(ly.scope, 'layer');
  assert.deepEqual([ly.k, ly.steps, ly.warmup, ly.reorthonormalizeEvery, ly.stateSize], [4, 300, 20, 1, 32]);
  assert.equal(ly.exponents.length, 4);
  assert.ok(ly.exponents.every((l: number, i: number) => i === 0 || l <= ly.exponents[i - 1]));
  assert.equal(ly.standardError.length, 4);
  assert.equal(ly.runningLambda1.step.at(-1), 300);
  for (const key of ['positiveCount', 'entropyRate', 'kaplanYorkeDimension', 'predictedHorizon', 'measuredHorizon'])
    assert.ok(key in ly, key);
  assert.equal(ly.measuredHorizon, result.verdict.horizon);
  assert.ok(Math.abs(ly.predictedHorizon - Math.log(1e-3) / ly.exponents[0]) < 1e-9);
  assert.deepEqual(ly.inputs, { kind: 'random', seed: 0, steps: 320 });
  assert.equal(ly.inputsCycled, false);
  assert.ok(result.verdict.reasons.at(-1).endsWith(ly.summary));
});

test('the text report says what the spectrum is of, the settings and the sentence', () => {
  const r = runCli(['analyze', vanishing, '--lyapunov=3', '--lyapunov-steps', '200', '--reorthonormalize-every', '5']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Lyapunov spectrum of the state h of layer 1 \(32 entries\):/);
  assert.match(r.stdout, /T = 200 steps after a warm-up of 100, QR every 5, inputs N\(0,1\) seed 0/);
  assert.match(r.stdout, /λ₁ … λₖ \(k = 3, per step, natural log\): -\d/);
  assert.match(r.stdout, /a gradient halves every/);
});

test('an inputs file shorter than the run is cycled, and the output says so', () => {
  const result = analyzeFile(vanishing, {
    inputs: { kind: 'file', file: exampleInputs },
    lyapunov: { k: 2, steps: 100 },
  });
  assert.equal(result.lyapunov?.inputsCycled, true);
  assert.deepEqual(result.lyapunov?.inputs, { kind: 'file', file: exampleInputs, rows: 40, steps: 200 });
  const short = analyzeFile(vanishing, {
    inputs: { kind: 'file', file: exampleInputs },
    lyapunov: { k: 2, steps: 30, warmup: 10 },
  });
  assert.equal(short.lyapunov?.inputsCycled, false);
});

test('--stack: the spectrum of every layer’s state is the union of each layer’s own (a block-triangular system)', () => {
  const settings = { steps: 3000, warmup: 100 };
  const inputs = { kind: 'random' as const, seed: 2, steps: 20 };
  const whole = analyzeFile(stackFile, { inputs, stack: true, lyapunov: settings }).lyapunov!;
  const first = analyzeFile(stackFile, { inputs, lyapunov: settings }).lyapunov!;
  const second = analyzeFile(stackFile, { inputs, layer: 1, lyapunov: settings }).lyapunov!;
  assert.equal(whole.scope, 'stack');
  assert.equal(whole.stateSize, 8);
  assert.match(whole.of, /every layer's state of the 2-layer stack/);
  assert.match(second.of, /layer 2 .*the 1 layer below run/);
  // Layer 2 is driven by layer 1 and not the other way: M_t is block lower-triangular, and the exponents of such a
  // cocycle are those of its diagonal blocks. Same inputs, same trajectory; the three runs differ only in their
  // directions' statistics, so they agree within a few standard errors. (The coupling block does not change the
  // exponents, so this checks which layers run and whose state is followed; the gru-stack fixture of
  // against-pytorch.test.ts checks the coupled product M_t Q itself, to 1e-9.)
  const union = [...first.exponents, ...second.exponents].sort((a, b) => b - a);
  const errors = [...first.standardError, ...second.standardError].map((e) => e ?? 0);
  const worst = Math.max(...errors, ...whole.standardError.map((e) => e ?? 0));
  whole.exponents.forEach((l, i) =>
    assert.ok(Math.abs(l - union[i]) <= 4 * worst + 1e-3, `λ_${i + 1}: stack ${l}, layers ${union[i]} (SE ${worst})`),
  );
});

test('CLI mistakes: a setting without --lyapunov, k beyond the bound or the state, t past 10, a bad tolerance', () => {
  const cases: [string[], RegExp][] = [
    [['--warmup', '5'], /--warmup applies to --lyapunov, which is not given/],
    [['--lyapunov', '0'], /--lyapunov: Lyapunov directions k must be a whole number from 1 to 8,192, got "0"/],
    [
      ['--lyapunov', '--reorthonormalize-every', '11'],
      /Re-orthonormalise every t steps must be a whole number from 1 to 10/,
    ],
    [['--lyapunov', '--lyapunov-tolerance', '-1'], /--lyapunov-tolerance: the Lyapunov tolerance must be a positive/],
    [['--lyapunov', '--lyapunov-steps', '0'], /Lyapunov steps T must be a whole number from 1 to 1,000,000/],
    [['--lyapunov', '40'], /k = 40 directions is more than the state has \(32 entries\)/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(['analyze', vanishing, ...args, '--quiet']);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('analyze --lyapunov as text: the long-run sentence is said once, in the Lyapunov block', () => {
  const args = ['analyze', '--lyapunov', '4', vanishing, '--lyapunov-steps', '300', '--warmup', '20'];
  const json = JSON.parse(runCli([...args, '--json']).stdout);
  const r = runCli(args);
  assert.equal(r.code, 0, r.stderr);
  const sentence: string = json.lyapunov.summary;
  assert.equal(r.stdout.split(sentence).length - 1, 1, r.stdout);
  // Still among the JSON's reasons, for a reader of the verdict alone.
  assert.ok(json.verdict.reasons.some((reason: string) => reason.endsWith(sentence)));
});

// `rnn-gradients timeline` end to end: its JSON, its table, --fail-if's exit codes and every kind of bad input.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Timeline } from '../../../src/core/timeline/types';
import { runCli } from '../cli/run-cli';
import { reference, setFolder, tempFolder } from './timeline-fixture';

const cacheDir = tempFolder();
const timeline = (...args: string[]): ReturnType<typeof runCli> =>
  runCli(['timeline', '--steps', '40', ...args], { env: { RNN_GRADIENTS_CACHE_DIR: cacheDir } });
const lightning = setFolder('rnn-lightning');
const lstm = setFolder('lstm-state-dicts');

test('--json: one entry per checkpoint in order, the order used and the probe', () => {
  const r = timeline(lightning, '--json');
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout) as Timeline;
  assert.equal(t.order, 'globalStep');
  assert.deepEqual(t.probe, { inputs: 'random', seed: 0, steps: 40 });
  assert.deepEqual(
    t.entries.map((e) => e.ok && e.globalStep),
    reference.sets['rnn-lightning'].files.map((f) => f.globalStep),
  );
});

test('the table says the order and lists every checkpoint', () => {
  const r = timeline(lstm);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /6 checkpoints, in the order of the numbers in the file names/);
  assert.match(r.stdout, /Architecture: LSTM, 2 → 16 units, 1 layer/);
  for (const f of reference.sets['lstm-state-dicts'].files) assert.ok(r.stdout.includes(f.file), f.file);
});

test('--fail-if: exit 1 when it holds for the latest checkpoint, 0 when not', () => {
  const t = JSON.parse(timeline(lightning, '--json').stdout) as Timeline;
  const last = t.entries[t.entries.length - 1];
  assert.ok(last.ok);
  const h = last.layers[0].horizon;
  const first = t.entries[0];
  assert.ok(first.ok);
  const holds = timeline(lightning, '--fail-if', `horizon < ${h + 1}`);
  assert.equal(holds.code, 1, holds.stderr);
  assert.match(holds.stderr, /--fail-if "horizon < \d+" holds for .*epoch=5-step=120\.ckpt/);
  assert.equal(timeline(lightning, '--fail-if', `horizon < ${h}`).code, 0);
  assert.equal(timeline(lightning, '--fail-if', 'regime == exploding').code, 0);
  assert.equal(timeline(lightning, '--fail-if', `regime == ${last.layers[0].regime} and epoch == 5`).code, 1);
});

test('an invalid expression is exit 2 with its column, before any file is read', () => {
  const r = timeline(lightning, '--fail-if', 'horizon <');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--fail-if "horizon <": column 10: expected a field/);
  assert.equal(r.stdout, '');
  const missing = timeline(lightning, '--fail-if', 'lambda1 > 0');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /epoch=5-step=120\.ckpt: --fail-if uses lambda1, which only --lyapunov has/);
});

test('an empty folder, a folder of unreadable files, a missing path, no operand: exit 2 and a message', () => {
  const empty = tempFolder();
  const r = timeline(empty);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no checkpoint found/);
  const bad = tempFolder();
  writeFileSync(join(bad, 'a.pt'), 'not a checkpoint');
  writeFileSync(join(bad, 'b.ckpt'), new Uint8Array(10));
  const unreadable = timeline(bad);
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.stderr, /no checkpoint could be read; the first: .*a\.pt/);
  const missing = timeline(join(empty, 'nowhere'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nowhere: file not found/);
  assert.equal(timeline().code, 2);
  assert.match(timeline(join(empty, '*.pt')).stderr, /the pattern matches no file/);
});

test('one corrupt file among good ones is listed in its place; the rest are analysed', () => {
  const dir = tempFolder();
  const files = reference.sets['lstm-state-dicts'].files;
  for (const f of files) copyFileSync(join(lstm, f.file), join(dir, f.file));
  const whole = readFileSync(join(lstm, files[2].file));
  writeFileSync(join(dir, files[2].file), whole.subarray(0, whole.length >> 1));
  const r = timeline(dir, '--json', '--no-cache');
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout) as Timeline;
  assert.deepEqual(
    t.entries.map((e) => e.ok),
    [true, true, false, true, true, true],
  );
  const broken = t.entries[2];
  assert.ok(!broken.ok && broken.error.includes(files[2].file));
  const table = timeline(dir, '--no-cache');
  assert.match(table.stdout, /3 +\S*ckpt_0002\.pt +could not be read/);
  assert.match(table.stdout, /Could not be read:\n {2}3\. .*ckpt_0002\.pt/);
});

test('checkpoints of different architectures are listed apart', () => {
  const dir = tempFolder();
  mkdirSync(join(dir, 'run'));
  copyFileSync(join(lightning, 'epoch=0-step=20.ckpt'), join(dir, 'run', 'ckpt_1.ckpt'));
  copyFileSync(join(lstm, 'ckpt_0001.pt'), join(dir, 'run', 'ckpt_2.pt'));
  const r = timeline(join(dir, 'run', 'ckpt_*'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout) as Timeline;
  assert.deepEqual(
    t.architectures.map((a) => [a.description, a.entries]),
    [
      ['RNN, 2 → 16 units, 1 layer', [0]],
      ['LSTM, 2 → 16 units, 1 layer', [1]],
    ],
  );
  assert.match(timeline(join(dir, 'run')).stdout, /2 architectures, listed apart/);
});

test('--help names the cache location and the exit codes', () => {
  const r = runCli(['timeline', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /RNN_GRADIENTS_CACHE_DIR/);
  assert.match(r.stdout, /Exit 1 when --fail-if holds/);
});

test("the CLI's timeline numbers are analyze --json's on the same file with the same probe options", () => {
  const t = JSON.parse(timeline(lstm, '--json', '--seed', '5', '--layer', '0').stdout) as Timeline;
  const last = t.entries[t.entries.length - 1];
  assert.ok(last.ok);
  const r = runCli(['analyze', last.file, '--json', '--steps', '40', '--seed', '5']);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout) as {
    spectrum: { spectralRadius: number; sigmaMax: number; gammaSigmaMax: number };
    verdict: { regime: string; horizon: number };
    gradient: { frobenius: number };
    gates: { f: { mean: number } };
  };
  const [l] = last.layers;
  assert.deepEqual(
    [l.rho, l.sigmaMax, l.gammaSigmaMax, l.regime, l.horizon, l.gradientNorm, l.meanGate],
    [
      a.spectrum.spectralRadius,
      a.spectrum.sigmaMax,
      a.spectrum.gammaSigmaMax,
      a.verdict.regime,
      a.verdict.horizon,
      a.gradient.frobenius,
      a.gates.f.mean,
    ],
  );
});

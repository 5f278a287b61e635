// `rnn-gradients check` on a folder's worth of files, as a shell glob hands them over: what is not a config
// is skipped once, with the reason, and does not fail the run.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers';
import { runCli } from './run-cli';

const CONFIGS = join(REPO, 'examples', 'configs');

function linesAbout(stdout: string, file: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(`${file}:`));
}

test('check examples/configs/*: the README and the weights JSON are skipped once each, with the reason', () => {
  const files = readdirSync(CONFIGS)
    .sort()
    .map((f) => join(CONFIGS, f));
  const r = runCli(['check', ...files]);
  const readme = linesAbout(r.stdout, join(CONFIGS, 'README.md'));
  assert.deepEqual(readme, [`${join(CONFIGS, 'README.md')}: skipped: not a JSON or YAML file`]);
  const weights = linesAbout(r.stdout, join(CONFIGS, 'untied-weights.json'));
  assert.equal(weights.length, 1, weights.join('\n'));
  assert.match(weights[0], /: skipped: a weights file \(RNN, hidden size 4\), not a config/);
  assert.doesNotMatch(r.stdout, /syntax error|Unknown key/);
  // The configs themselves are still checked, and their errors still set the exit code.
  assert.match(r.stdout, /bad-values\.rnn\.json:7:50: error: std must be ≥ 0/);
  assert.equal(r.code, 1, r.stderr);
});

test('skipped files do not fail the run: a clean config beside a README, a weights JSON and a folder exits 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-check-'));
  writeFileSync(join(dir, 'README.md'), '# Configs\n\nRun `rnn-gradients check *`.\n');
  copyFileSync(join(REPO, 'examples', 'tied.json'), join(dir, 'tied.json'));
  writeFileSync(join(dir, 'notes.yaml'), 'owner: me\nepochs: 3\n');
  writeFileSync(join(dir, 'plain.json'), '{"model": {"hidden_size": 8, "recurrent_init": {"type": "orthogonal"}}}');
  writeFileSync(
    join(dir, 'clean.rnn.yaml'),
    'model:\n  hidden_size: 8\n  recurrent_init: {type: orthogonal, gain: 1}\n',
  );
  const r = runCli([
    'check',
    ...['README.md', 'tied.json', 'notes.yaml', 'plain.json', 'clean.rnn.yaml'].map((f) => join(dir, f)),
    dir,
  ]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(
    r.stdout.trim().split('\n').sort(),
    [
      `${join(dir, 'README.md')}: skipped: not a JSON or YAML file`,
      `${join(dir, 'notes.yaml')}: skipped: no config keys (model, data, train, weights, tied) at the top level`,
      `${dir}: skipped: a folder, not a config file`,
      `${join(dir, 'tied.json')}: skipped: a weights file (RNN, hidden size 32), not a config; \`rnn-gradients analyze\` reads it`,
    ].sort(),
  );
});

test('a missing file is still an error, whatever its name', () => {
  const r = runCli(['check', join(CONFIGS, 'no-such-notes.md')]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /no-such-notes\.md: error: cannot read the file: no such file/);
});

function analyzedHorizon(weights: string, ...options: string[]): number {
  const r = runCli(['analyze', weights, '--json', ...options]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { verdict: { horizon: number } }).verdict.horizon;
}

test('check and analyze give the same horizon for the same weights, and check names its probe', () => {
  const cases: [string, string, string[]][] = [
    ['weights-disagree.rnn.yaml', join(REPO, 'examples', 'vanishing.json'), []],
    ['state-dict.rnn.json', join(REPO, 'examples', 'pytorch_state_dict.json'), []],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'rnn-probe-'));
  // A seq_len past the default probe lengthens it, and the message says how to repeat it with analyze.
  writeFileSync(
    join(dir, 'long.rnn.yaml'),
    `data:\n  seq_len: 150\nweights: ${join(REPO, 'examples', 'vanishing.json')}\n`,
  );
  cases.push([join(dir, 'long.rnn.yaml'), join(REPO, 'examples', 'vanishing.json'), ['--steps', '150']]);
  for (const [config, weights, analyzeOptions] of cases) {
    const r = runCli(['check', resolve(CONFIGS, config)]);
    const m =
      /gradient horizon is (\d+) steps < seq_len \d+.*probe: N\(0, 1\) inputs, seed 0, T = (\d+) steps, ([^)]+)\)/.exec(
        r.stdout,
      );
    assert.ok(m, r.stdout);
    assert.equal(Number(m[1]), analyzedHorizon(weights, ...analyzeOptions), `${config}: check and analyze agree`);
    assert.equal(m[2], analyzeOptions.length ? '150' : '100');
    assert.equal(m[3], analyzeOptions.length ? 'Analyze with --steps 150' : 'the default of Analyze');
  }
});

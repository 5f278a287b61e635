// The CLI's own manners: --help on the tool and each command, --version from package.json, and usage
// mistakes that go to stderr with exit 2 and name the option (and the nearest one when it is misspelt).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers';
import { CLI, runCli } from './run-cli';

const vanishing = join(REPO, 'examples', 'vanishing.json');
const config = join(REPO, 'examples', 'configs', 'good-orthogonal.rnn.yaml');

function assertUsageError(args: string[], message: RegExp): void {
  const r = runCli(args);
  assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}`);
  assert.equal(r.stdout, '', `${args.join(' ')} prints nothing on stdout`);
  assert.match(r.stderr, message, args.join(' '));
  assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/, 'no stack trace for a usage mistake');
}

test('--help and -h on the tool list both commands and --version, on stdout with exit 0', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: rnn-gradients <command>/);
    assert.match(r.stdout, /^ {2}analyze /m);
    assert.match(r.stdout, /^ {2}check /m);
    assert.match(r.stdout, /--version/);
    assert.equal(r.stderr, '');
  }
});

test('--help and -h on each command list every option it accepts', () => {
  const analyzeOptions = [
    '--inputs',
    '--seed',
    '--steps',
    '--lags',
    '--activation',
    '--layer',
    '--reverse',
    '--threshold',
    '--json',
    '--quiet',
    '--debug',
    '--help',
  ];
  for (const args of [
    ['analyze', '--help'],
    ['analyze', '-h'],
    ['help', 'analyze'],
    ['analyze', vanishing, '-h'],
  ]) {
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: rnn-gradients analyze FILE/);
    for (const option of analyzeOptions) assert.match(r.stdout, new RegExp(`^ +(-h, )?${option}\\b`, 'm'), option);
    assert.doesNotMatch(r.stdout, /Gradients vanish/, 'help does not run the analysis');
  }
  for (const args of [
    ['check', '--help'],
    ['check', '-h'],
    ['help', 'check'],
  ]) {
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: rnn-gradients check FILE\.\.\./);
    assert.match(r.stdout, /--threshold X/);
    assert.match(r.stdout, /skipped/);
    assert.doesNotMatch(r.stdout, /--steps/, 'only the options check accepts');
  }
});

test("--version prints package.json's version, also from a copied dist and through a bin symlink", () => {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(runCli(['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
  const elsewhere = mkdtempSync(join(tmpdir(), 'rnn-cli-version-'));
  // The launcher, its compile-cache module and the bundle: what `dist/cli.js` needs beside it.
  for (const file of ['cli.js', 'cli.bundle.js', 'compileCache.js'])
    copyFileSync(join(dirname(CLI), file), join(elsewhere, file));
  const copy = join(elsewhere, 'cli.js');
  assert.equal(
    runCli(['--version'], { script: copy, cwd: elsewhere }).stdout,
    `${version}\n`,
    'the bundle carries its version',
  );
  const bin = join(elsewhere, 'rnn-gradients');
  symlinkSync(CLI, bin);
  assert.equal(runCli(['--version'], { script: bin, cwd: elsewhere }).stdout, `${version}\n`, 'as an installed bin');
});

test('an unknown option names the nearest known one', () => {
  assertUsageError(
    ['analyze', vanishing, '--treshold', '0.01'],
    /unknown option --treshold; did you mean --threshold\?/,
  );
  assertUsageError(['analyze', vanishing, '--step', '10'], /unknown option --step; did you mean --steps\?/);
  assertUsageError(['analyze', vanishing, '--jsno'], /unknown option --jsno; did you mean --json\?/);
  assertUsageError(['check', config, '--treshold=0.1'], /unknown option --treshold; did you mean --threshold\?/);
  assertUsageError(['--verison'], /unknown option --verison; did you mean --version\?/);
  assertUsageError(['analyse', vanishing], /unknown command "analyse"; did you mean analyze\?/);
  // Nothing near: the message lists what the command takes instead of guessing.
  assertUsageError(
    ['check', config, '--frobnicate'],
    /unknown option --frobnicate; check takes --threshold, --debug, --help/,
  );
});

test('the threshold must be in (0, 1), in analyze and in check', () => {
  for (const command of [
    ['analyze', vanishing],
    ['check', config],
  ]) {
    assertUsageError(
      [...command, '--threshold', '2'],
      /--threshold: the threshold must be in \(0, 1\) \(e\.g\. 0\.001\), got 2/,
    );
    assertUsageError([...command, '--threshold', '1'], /--threshold: the threshold must be in \(0, 1\)/);
    assertUsageError([...command, '--threshold', '0'], /--threshold: the threshold must be in \(0, 1\)/);
    assertUsageError([...command, '--threshold=-0.5'], /--threshold: the threshold must be in \(0, 1\)/);
    assertUsageError(
      [...command, '--threshold', 'abc'],
      /--threshold must be a number in \(0, 1\), e\.g\. 0\.001, got "abc"/,
    );
  }
  const ok = runCli(['analyze', vanishing, '--threshold', '0.01', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).verdict.threshold, 0.01);
});

test('numbers are integers in range, and each message names its option', () => {
  const cases: [string[], RegExp][] = [
    [['--steps', '2.5'], /--steps: Steps T must be a whole number from 1 to 100,000, got "2\.5"/],
    [['--steps', '1e3'], /--steps: Steps T must be a whole number from 1/],
    [['--steps', '1000000'], /--steps: Steps T must be a whole number from 1 to 100,000, got "1000000"/],
    [['--lags', '0'], /--lags: Lags L must be a whole number from 1/],
    [['--lags', 'ten'], /--lags: Lags L must be a whole number from 1 to 100,000, got "ten"/],
    [['--seed', '-1'], /--seed: Seed must be a whole number from 0 to 4,294,967,295, got "-1"/],
    [['--seed', '4294967296'], /--seed: Seed must be a whole number from 0 to 4,294,967,295/],
    [['--layer', '-1'], /--layer: Layer must be a whole number from 0/],
    [['--layer', '0.5'], /--layer: Layer must be a whole number from 0/],
    [['--steps'], /--steps needs a value/],
    [['--steps', '--json'], /--steps needs a value/],
    [['--json=yes'], /--json takes no value/],
    [['--activation', 'gelu'], /--activation: unknown activation "gelu"; use one of tanh, sigmoid, relu, linear/],
    [['--inputs', 'zeros', '--seed', '3'], /--seed applies to random inputs only/],
  ];
  for (const [options, message] of cases) assertUsageError(['analyze', vanishing, ...options], message);
  const ok = runCli([
    'analyze',
    vanishing,
    '--seed',
    '4294967295',
    '--steps',
    '20',
    '--lags',
    '5',
    '--layer',
    '0',
    '--json',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).jacobian.lags.length, 5);
});

// Internal failures are not reported as bad input, and bad input never as a crash: deep nesting is refused while
// parsing with the place, huge files name the file, `check` goes on past a failing file, our own bugs are exit 70
// without a stack trace unless --debug, and a failed write to stdout is one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfigSource } from '../../../src/core/config/parse';
import { parseWeightsJson } from '../../../src/core/inspect/weights-json';
import { describeFailure } from '../../../src/cli/failure';
import { CLI } from '../cli/run-cli';
import { REPO } from '../helpers';
import { assertPeakBelow, assertRefused, fileFingerprint, runCliBounded, scratchFolder } from './harness';

const vanishing = join(REPO, 'examples', 'vanishing.json');
const goodConfig = join(REPO, 'examples', 'configs', 'good-orthogonal.rnn.yaml');
const DEPTH = 100_000;
const deepArray = (inner = ''): string => '['.repeat(DEPTH) + inner + ']'.repeat(DEPTH);
/** Column (from 1) of the 257th unclosed bracket when the deep array starts after `prefix` on line 1. */
const column257 = (prefix: string): number => prefix.length + 257;

test('100 000-deep JSON in weights, inputs and a safetensors shape: "nesting deeper than 256" at line:col', () => {
  const scratch = scratchFolder('deep');
  try {
    const weights = join(scratch.dir, 'deep.json');
    writeFileSync(weights, `{"W_hh": ${deepArray('1')}}`);
    const inputs = join(scratch.dir, 'deep-inputs.json');
    writeFileSync(inputs, deepArray());
    const header = `{"W_hh":{"dtype":"F64","shape":${deepArray()},"data_offsets":[0,8]}}`;
    const headerBytes = Buffer.from(header);
    const safetensors = Buffer.alloc(8 + headerBytes.length + 8);
    safetensors.writeBigUInt64LE(BigInt(headerBytes.length));
    headerBytes.copy(safetensors, 8);
    const st = join(scratch.dir, 'deep.safetensors');
    writeFileSync(st, safetensors);
    const cases = [
      { args: ['analyze', weights], file: weights, column: column257('{"W_hh": ') - 1 },
      { args: ['analyze', vanishing, '--inputs', inputs], file: inputs, column: column257('') },
      { args: ['analyze', st], file: st, column: column257('{"W_hh":{"dtype":"F64","shape":') - 2 },
    ];
    for (const c of cases) {
      const before = fileFingerprint(c.file);
      const run = runCliBounded(c.args, { timeoutMs: 10_000 });
      // The outer object is a level too: the 256th bracket of the array opens level 257.
      assertRefused(run, {
        file: c.file,
        message: new RegExp(`line 1, column ${c.column}: nesting deeper than 256 levels`),
      });
      assert.doesNotMatch(run.stderr, /Maximum call stack/);
      assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr.slice(0, 300)}`);
      assertPeakBelow(run, 400);
      assert.equal(fileFingerprint(c.file), before);
    }
  } finally {
    scratch.remove();
  }
});

test('check goes on after a deep config (JSON, flow YAML, block YAML) and its exit code says one failed', () => {
  const scratch = scratchFolder('deep-check');
  try {
    const json = join(scratch.dir, 'deep.rnn.json');
    writeFileSync(json, `{"model": ${deepArray()}}`);
    const flow = join(scratch.dir, 'flow.rnn.yaml');
    writeFileSync(flow, `model: ${deepArray()}\n`);
    const block = join(scratch.dir, 'block.rnn.yaml');
    writeFileSync(block, `${'- '.repeat(DEPTH)}1\n`);
    const bad = join(scratch.dir, 'bad.rnn.yaml');
    writeFileSync(bad, 'model:\n  hidden_size: -3\n');
    const run = runCliBounded(['check', json, flow, block, goodConfig, bad], { timeoutMs: 15_000 });
    assertRefused(run, { code: 1 });
    const lines = run.stdout.trim().split('\n');
    const deepLine = (f: string, col: number) => `${f}:1:${col}: error: nesting deeper than 256 levels`;
    assert.ok(lines[0].startsWith(deepLine(json, column257('{"model": ') - 1)), lines[0]);
    assert.ok(lines[1].startsWith(deepLine(flow, column257('model: '))), lines[1]);
    // `- ` per level: the 257th sequence starts at column 2·256 + 1.
    assert.ok(lines[2].startsWith(deepLine(block, 2 * 256 + 1)), lines[2]);
    assert.ok(
      lines.some((l) => l.startsWith(`${bad}:`)),
      `the file after the deep ones still gets its diagnostics:\n${run.stdout}`,
    );
  } finally {
    scratch.remove();
  }
});

test('the editor diagnostics of deep JSON say what is wrong (weights JSON and configs)', () => {
  const weights = parseWeightsJson(`{"W_hh": ${deepArray('1')}}`);
  assert.deepEqual(
    weights.problems.map((p) => [p.code, p.message, p.range.start]),
    [['too-deep', 'nesting deeper than 256 levels of arrays and objects', '{"W_hh": '.length + 255]],
  );
  const config = parseConfigSource(`{"model": ${deepArray()}}`, 'deep.rnn.json');
  assert.equal(config.root, undefined);
  assert.match(config.syntaxProblems[0].message, /nesting deeper than 256/);
  // 256 levels are fine: the bound is not off by one.
  const ok = parseWeightsJson(`{"W_hh": ${'['.repeat(255)}1${']'.repeat(255)}}`);
  assert.equal(ok.problems.filter((p) => p.code === 'too-deep').length, 0);
});

test('a 600 MB JSON (over what a JavaScript string holds) and a file over 2 GiB are refused naming the file', () => {
  const scratch = scratchFolder('huge');
  try {
    // Sparse files: created at once, never committed.
    const json = join(scratch.dir, 'huge.json');
    truncateSync(openAndClose(json), 600 * 1024 * 1024);
    const npy = join(scratch.dir, 'over2g.npy');
    truncateSync(openAndClose(npy), 2200 * 1024 * 1024);
    assertRefused(runCliBounded(['analyze', json], { timeoutMs: 15_000 }), { file: json });
    assertRefused(runCliBounded(['analyze', vanishing, '--inputs', json], { timeoutMs: 15_000 }), { file: json });
    assertRefused(runCliBounded(['analyze', npy], { timeoutMs: 15_000 }), { file: npy });
  } finally {
    scratch.remove();
  }
});

function openAndClose(path: string): string {
  closeSync(openSync(path, 'w'));
  return path;
}

test('our own bugs: exit 70, one line and no stack trace, unless --debug asks for it', () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
  const plain = describeFailure(bug, [], false);
  assert.equal(plain.code, 70);
  assert.match(plain.message, /^rnn-gradients: internal error: Cannot read properties/);
  assert.doesNotMatch(plain.message, /^\s+at /m);
  const debug = describeFailure(bug, [], true);
  assert.match(debug.message, /^\s+at /m, 'the stack trace with --debug');
  // A RangeError is no longer taken for the user's mistake.
  assert.equal(describeFailure(new RangeError('Maximum call stack size exceeded'), [], false).code, 70);
  // --debug is accepted before the command and among its options, and listed in --help.
  assert.equal(runCliBounded(['--debug', 'analyze', vanishing, '--steps', '5']).code, 0);
  assert.equal(runCliBounded(['analyze', vanishing, '--steps', '5', '--debug', '--quiet']).code, 0);
  assert.match(runCliBounded(['--help']).stdout, /--debug/);
});

test('a failed write to stdout: /dev/full is one line and exit 74; a closed pipe ends quietly with 141', () => {
  if (existsSync('/dev/full')) {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, 'analyze', vanishing, '--steps', '5'], {
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(r.status, 74, r.stderr);
      assert.equal(
        r.stderr,
        'rnn-gradients: cannot write the output to stdout: no space left on the device (ENOSPC)\n',
      );
    } finally {
      closeSync(full);
    }
  }
  // Several MB of JSON into `head -c1`: the pipe closes under the writer.
  const script = `node ${JSON.stringify(CLI)} analyze ${JSON.stringify(vanishing)} --json --steps 20000 2>err.txt | head -c1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat err.txt; rm -f err.txt`;
  const scratch = scratchFolder('pipe');
  try {
    const r = spawnSync('bash', ['-c', script], { cwd: scratch.dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.stdout, '141\n', 'exit 141 and nothing on stderr');
  } finally {
    scratch.remove();
  }
});

test('progress goes to stderr only when it is a terminal, and not with --quiet', () => {
  const args = ['analyze', vanishing, '--steps', '2000', '--lags', '2000'];
  // Not a terminal: nothing on stderr.
  const piped = runCliBounded(args, { timeoutMs: 30_000 });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stderr, '');
  // A terminal (script gives the command a pseudo-terminal): the progress line, then erased.
  const inTerminal = (extra: string[]) =>
    spawnSync(
      'script',
      ['-qec', [process.execPath, CLI, ...args, ...extra].map((a) => `'${a}'`).join(' '), '/dev/null'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
  const shown = inTerminal([]);
  if (shown.error) return; // no `script` here: the non-terminal half above still ran
  assert.equal(shown.status, 0, shown.stdout);
  assert.match(shown.stdout, /\r\x1b\[Krnn-gradients: reading /);
  assert.match(shown.stdout, /\r\x1b\[Krnn-gradients: \d+% /);
  const quiet = inTerminal(['--quiet']);
  assert.equal(quiet.status, 0, quiet.stdout);
  assert.doesNotMatch(quiet.stdout, /rnn-gradients: (reading|\d+%)/);
  assert.match(quiet.stdout, /gradient horizon/, 'the report itself is there');
});

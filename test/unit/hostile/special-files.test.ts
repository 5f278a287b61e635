// Special files in a workspace: devices, a symlink to one, a named pipe, a folder. The CLI, the analysis worker
// and the weights worker refuse each with a message naming the file and what it is, at once (a FIFO never
// blocks, /dev/zero is never read), and leave the inputs as they were.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readUserFile } from '../../../src/core/io/readFile';
import { isInputError } from '../../../src/core/errors';
import { REPO } from '../helpers';
import { assertPeakBelow, assertRefused, fileFingerprint, runCliBounded, scratchFolder } from './harness';
import { runWorkerBounded } from './worker-run';

const scratch = scratchFolder('special');
after(() => scratch.remove());
const dir = scratch.dir;

const weights = join(dir, 'vanishing.json');
copyFileSync(join(REPO, 'examples', 'vanishing.json'), weights);
const zeroLink = join(dir, 'model.npy');
symlinkSync('/dev/zero', zeroLink);
const fifo = join(dir, 'w.npy');
execFileSync('mkfifo', [fifo]);
const fifoConfig = join(dir, 'piped.rnn.yaml');
execFileSync('mkfifo', [fifoConfig]);
const folder = join(dir, 'folder.npz');
mkdirSync(folder);
const zeroConfig = join(dir, 'zero.rnn.yaml');
writeFileSync(zeroConfig, 'weights: /dev/zero\nseq_len: 50\n');
const fifoWeightsConfig = join(dir, 'fifo.rnn.json');
writeFileSync(fifoWeightsConfig, JSON.stringify({ weights: './w.npy' }));

const CHAR_DEVICE = /is a character device, not a file/;
const FIFO = /is a named pipe \(FIFO\)/;
const FOLDER = /is a folder, not a file/;
/** Refusing is immediate: well under the harness's bound, and in far less memory than reading would take. */
const BOUND = { timeoutMs: 15_000 };
const PEAK_MIB = 300;

describe('the CLI refuses special files by name, at once', () => {
  const cases: [string, string[], string, RegExp][] = [
    ['analyze /dev/zero', ['analyze', '/dev/zero'], '/dev/zero', CHAR_DEVICE],
    ['analyze /dev/urandom', ['analyze', '/dev/urandom'], '/dev/urandom', CHAR_DEVICE],
    ['a model.npy symlink to /dev/zero', ['analyze', zeroLink], zeroLink, CHAR_DEVICE],
    ['--inputs /dev/zero', ['analyze', weights, '--inputs', '/dev/zero'], '/dev/zero', CHAR_DEVICE],
    ['a FIFO w.npy', ['analyze', fifo], fifo, FIFO],
    ['a folder', ['analyze', folder], folder, FOLDER],
  ];
  for (const [name, args, file, message] of cases) {
    test(name, () => {
      const before = fileFingerprint(weights);
      const run = runCliBounded(args, BOUND);
      assertRefused(run, { code: 2, file, message });
      assertPeakBelow(run, PEAK_MIB);
      assert.equal(fileFingerprint(weights), before, 'an input changed');
    });
  }
});

describe('check refuses special files named by a config, and a config that is one', () => {
  test('a config whose weights: is /dev/zero gets an error on it, and check goes on', () => {
    const before = fileFingerprint(zeroConfig);
    const run = runCliBounded(['check', zeroConfig, fifoWeightsConfig], BOUND);
    assert.equal(run.timedOut, false, 'timed out');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`^${zeroConfig}:1:\\d+: error: .*/dev/zero.*character device`, 'm'));
    assert.match(run.stdout, new RegExp(`^${fifoWeightsConfig}:1:\\d+: error: .*w\\.npy.*named pipe`, 'm'));
    assertPeakBelow(run, PEAK_MIB);
    assert.equal(fileFingerprint(zeroConfig), before);
  });
  test('a config that is a FIFO is not read: "cannot read", exit 2', () => {
    const run = runCliBounded(['check', fifoConfig], BOUND);
    assert.equal(run.timedOut, false, 'timed out');
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`^${fifoConfig}: error: cannot read the file: is a named pipe`, 'm'));
  });
});

describe('the analysis worker refuses special files by name', () => {
  for (const [file, message] of [
    ['/dev/zero', CHAR_DEVICE],
    [zeroLink, CHAR_DEVICE],
    [fifo, FIFO],
    [folder, FOLDER],
  ] as const) {
    test(`analyze ${file}`, () => {
      const run = runWorkerBounded('analysisWorker', 'analyze', {
        file,
        options: { inputs: { kind: 'random', seed: 0 } },
      });
      assert.equal(run.timedOut, false, 'timed out');
      assert.equal(run.error?.name, 'InputError', JSON.stringify(run));
      assert.ok(run.error.message.startsWith(`${file}: `), run.error.message);
      assert.match(run.error.message, message);
      assertPeakBelow({ ...run, code: 0, signal: null, stdout: '', stderr: '' }, PEAK_MIB);
    });
  }
  test("a config's weights: /dev/zero is reported as unusable, read in the worker", () => {
    const run = runWorkerBounded('analysisWorker', 'weightsReport', { configFile: zeroConfig, written: '/dev/zero' });
    assert.equal(run.timedOut, false, 'timed out');
    const report = run.result as { status: string; message: string };
    assert.equal(report.status, 'unreadable', JSON.stringify(run));
    assert.match(report.message, /\/dev\/zero .*character device/);
  });
  test("a config's weights: a FIFO is reported as unusable and does not block the worker", () => {
    const run = runWorkerBounded('analysisWorker', 'weightsReport', {
      configFile: fifoWeightsConfig,
      written: './w.npy',
    });
    assert.equal(run.timedOut, false, 'timed out');
    const report = run.result as { status: string; message: string; file: string };
    assert.equal(report.status, 'unreadable', JSON.stringify(run));
    assert.equal(report.file, fifo);
    assert.match(report.message, FIFO);
  });
});

describe("the weights worker (the inspector's) refuses special files by name", () => {
  for (const [file, message] of [
    ['/dev/zero', CHAR_DEVICE],
    ['/dev/urandom', CHAR_DEVICE],
    [zeroLink, CHAR_DEVICE],
    [fifo, FIFO],
    [folder, FOLDER],
  ] as const) {
    test(`inspect ${file}`, () => {
      const run = runWorkerBounded('weightsWorker', 'inspect', { file, maxBytes: 2 ** 31, maxSpectralSize: 64 });
      assert.equal(run.timedOut, false, 'timed out');
      assert.equal(run.error?.name, 'InputError', JSON.stringify(run));
      assert.ok(run.error.message.startsWith(`${file}: `), run.error.message);
      assert.match(run.error.message, message);
      assert.deepEqual(run.progress, [], 'nothing was listed before the refusal');
    });
  }
});

test('the size limit holds while reading: a file whose stat says 0 bytes is stopped at the limit', () => {
  // /proc files report size 0 and have content: stat alone would let any amount through.
  assert.throws(
    () => readUserFile('/proc/self/maps', 64),
    (e: unknown) => isInputError(e) && e.file === '/proc/self/maps' && /more than 64 bytes/.test(e.problem),
  );
  assert.ok(readUserFile('/proc/self/maps', 1024 * 1024).length > 64, 'read whole under a larger limit');
});

// Memory in proportion to the need: an .npz member that inflates to 1.9 GB with an honest ratio, a 1.46 GB sparse
// F16 safetensors, 2047 MB files whose header check needs a few bytes. What the analysis does not use is never
// inflated or decoded; what it needs and cannot afford is refused, naming the file and the tensor, before the
// memory is taken; the whole run stays within a bound (peak resident memory of the process and its threads).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertPeakBelow, assertRefused, fileFingerprint, runCliBounded, scratchFolder } from './harness';
import { deflatedZerosNpy, npy, writeSparseFile, writeSparseSafetensors, zipArchive } from './big-files';
import { runWorkerBounded } from './worker-run';

const scratch = scratchFolder('memory');
after(() => scratch.remove());
const dir = scratch.dir;

const W_HH = npy([2, 2], [0.5, 0.1, 0.2, 0.4]);
const W_XH = npy([2, 1], [1, 0]);
/** n² float64 = 1.9 GB, just inside the 2 GiB file limit. */
const N = 15_394;
const BUDGET = /over the memory budget of 1 GiB \(setting rnnGradients\.maxMemoryMB\b/;
/** Refusing or skipping costs header reads: far below what inflating or widening would take (≥ 1.9 GB). */
const PEAK_MIB = 300;
const BOUND = { timeoutMs: 20_000 };

const unusedNpz = join(dir, 'unused-member.npz');
const bigWhhNpz = join(dir, 'big-whh.npz');
const sparseF16 = join(dir, 'sparse-f16.safetensors');
const unusedF16 = join(dir, 'unused-f16.safetensors');
const notNpy = join(dir, 'huge.npy');
const notSafetensors = join(dir, 'huge.safetensors');
const bigWhhConfig = join(dir, 'big.rnn.yaml');

before(() => {
  writeFileSync(
    unusedNpz,
    zipArchive([
      { name: 'W_hh.npy', data: W_HH },
      { name: 'W_xh.npy', data: W_XH },
      { name: 'unused.npy', packed: deflatedZerosNpy([N * N]) },
    ]),
  );
  writeFileSync(
    bigWhhNpz,
    zipArchive([
      { name: 'W_hh.npy', packed: deflatedZerosNpy([N, N]) },
      { name: 'W_xh.npy', data: npy([N, 1], new Array<number>(N).fill(0)) },
    ]),
  );
  writeSparseSafetensors(sparseF16, [{ name: 'W_hh', dtype: 'F16', shape: [27_000, 27_000] }]);
  // The big tensor first: the inspector must go on to the others after refusing it.
  writeSparseSafetensors(unusedF16, [
    { name: 'embedding.weight', dtype: 'F16', shape: [27_000, 27_000] },
    { name: 'W_hh', dtype: 'F64', shape: [2, 2], values: [0.5, 0.1, 0.2, 0.4] },
    { name: 'W_xh', dtype: 'F64', shape: [2, 1], values: [1, 0] },
  ]);
  writeSparseFile(notNpy, 2047 * 1024 * 1024);
  writeSparseFile(notSafetensors, 2047 * 1024 * 1024);
  writeFileSync(bigWhhConfig, `weights: ${bigWhhNpz}\n`);
});

describe('what the analysis does not use is never inflated or decoded', () => {
  test('an .npz whose unused member inflates to 1.9 GB is analysed in a few MiB', () => {
    const print = fileFingerprint(unusedNpz);
    const run = runCliBounded(['analyze', unusedNpz, '--json'], BOUND);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).model.hiddenSize, 2);
    assertPeakBelow(run, PEAK_MIB);
    assert.equal(fileFingerprint(unusedNpz), print);
  });
  test('a safetensors with an unused 1.46 GB F16 tensor (sparse) is analysed without decoding it', () => {
    const run = runCliBounded(['analyze', unusedF16, '--json'], BOUND);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).model.hiddenSize, 2);
    assertPeakBelow(run, PEAK_MIB);
  });
});

describe('what the analysis needs beyond the budget is refused before it is allocated', () => {
  test('a 1.9 GB W_hh in an .npz: refused naming the file and the tensor, not inflated', () => {
    const run = runCliBounded(['analyze', bigWhhNpz], BOUND);
    assertRefused(run, { code: 2, file: bigWhhNpz, message: /tensor 'W_hh'/ });
    assert.match(run.stderr, BUDGET);
    assertPeakBelow(run, PEAK_MIB);
  });
  test('a 1.46 GB sparse F16 W_hh (5.8 GB as float64): refused naming the tensor', () => {
    const run = runCliBounded(['analyze', sparseF16], BOUND);
    assertRefused(run, { code: 2, file: sparseF16, message: /tensor 'W_hh'/ });
    // 27 000² elements: 8 bytes each as float64 plus the 2 bytes each read from the file = 6.789 GiB.
    assert.match(run.stderr, /needs 6\.789 GiB/);
    assert.match(run.stderr, BUDGET);
    assertPeakBelow(run, PEAK_MIB);
  });
  test('check: a config naming that .npz gets the refusal as an error on its weights', () => {
    const run = runCliBounded(['check', bigWhhConfig], BOUND);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`^${bigWhhConfig}:1:\\d+: error: .*memory budget.*tensor 'W_hh'`, 'm'));
    assertPeakBelow(run, PEAK_MIB);
  });
  test("the budget is the caller's: the analysis worker refuses at the memoryBudget it is given", () => {
    const run = runWorkerBounded('analysisWorker', 'analyze', {
      file: unusedF16,
      options: { inputs: { kind: 'random', seed: 0 } },
      memoryBudget: 16,
    });
    assert.equal(run.error?.name, 'InputError', JSON.stringify(run));
    assert.match(run.error.message, /tensor 'W_hh'.*needs 64 bytes, over the memory budget of 16 bytes/);
  });
});

describe('a header check reads the header, not the file', () => {
  for (const [file, message] of [
    [notNpy, /not an \.npy file/],
    [notSafetensors, /header/],
  ] as const) {
    test(`a 2047 MB sparse ${file.slice(file.lastIndexOf('.'))} of zeros is refused from its first bytes`, () => {
      const run = runCliBounded(['analyze', file], BOUND);
      assertRefused(run, { code: 2, file, message });
      assertPeakBelow(run, PEAK_MIB);
    });
  }
});

describe("the inspector's worker lists every tensor from the headers and decodes one at a time", () => {
  test('the .npz: names, shapes and dtypes first; the 1.9 GB member refused by name, never inflated', () => {
    const run = runWorkerBounded('weightsWorker', 'inspect', {
      file: unusedNpz,
      maxBytes: 2 ** 31,
      maxSpectralSize: 64,
    });
    assert.equal(run.timedOut, false);
    // The 2×2 W_hh and 2×1 W_xh still get their statistics.
    assert.deepEqual(run.progress, ['header', 'report', 'statistics', 'statistics']);
    assert.equal(run.error?.name, 'InputError', JSON.stringify(run));
    assert.match(run.error.message, /tensor 'unused'/);
    assert.match(run.error.message, BUDGET);
    assert.ok(run.peakMiB < PEAK_MIB, `peak ${run.peakMiB} MiB`);
  });
  test('the sparse safetensors: statistics of the small tensors; the big one refused by name, after them', () => {
    const run = runWorkerBounded('weightsWorker', 'inspect', {
      file: unusedF16,
      maxBytes: 2 ** 31,
      maxSpectralSize: 64,
    });
    assert.deepEqual(run.progress, ['header', 'report', 'statistics', 'statistics']);
    assert.match(run.error?.message ?? '', /tensor 'embedding\.weight'/);
    assert.ok(run.peakMiB < PEAK_MIB, `peak ${run.peakMiB} MiB`);
  });
});

// Unbounded work from numbers: every count a user or a file gives is refused past its bound before work starts,
// with the same words in the CLI and the panel, quickly and without the memory the work would have taken.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertSequenceWithinBounds } from '../../../src/core/analysis/sequence-bounds';
import { BOUNDS, parseCount } from '../../../src/core/bounds';
import { isInputError } from '../../../src/core/errors';
import type { RnnModel } from '../../../src/core/rnn/model';
import { parseControls } from '../../../src/extension/analyze/webviewMessages';
import { REPO } from '../helpers';
import { assertPeakBelow, assertRefused, fileFingerprint, runCliBounded, scratchFolder } from './harness';

const vanishing = join(REPO, 'examples', 'vanishing.json');

test('--steps past the bound (1e9, 10⁹, 100 001) is refused at once, naming the bound, in little memory', () => {
  for (const steps of ['1e9', '1000000000', '100001', '1e7']) {
    const run = runCliBounded(['analyze', vanishing, '--steps', steps], { timeoutMs: 10_000 });
    assertRefused(run, { message: /--steps: Steps T must be a whole number from 1 to 100,000/ });
    assertPeakBelow(run, 300);
  }
});

test('the panel and the CLI refuse too many steps with the same message', () => {
  // The panel's field is read by parseCount (webview/controlsBar.ts); the CLI prints `--steps: <that message>`.
  const panelMessage = parseCount('100001', 'steps');
  assert.equal(typeof panelMessage, 'string');
  assert.match(
    readFileSync(join(REPO, 'webview', 'controlsBar.ts'), 'utf8'),
    /parseCount\(this\.steps\.value, 'steps'\)/,
  );
  const run = runCliBounded(['analyze', vanishing, '--steps', '100001']);
  assert.ok(run.stderr.includes(`--steps: ${panelMessage as string}`), run.stderr);
  // The host checks what the page sends against the same bound: 100 000 passes, 100 001 does not.
  const controls = { lags: 10, inputs: 'random', seed: 0, activation: 'auto', layer: 0, direction: 'forward' };
  assert.ok(parseControls({ ...controls, steps: 100_000 }));
  assert.equal(parseControls({ ...controls, steps: 100_001 }), undefined);
  assert.equal(parseControls({ ...controls, steps: 10, layer: BOUNDS.layer.max + 1 }), undefined);
});

test('--lags, --layer and --seed past their bounds are refused with the bound', () => {
  for (const [option, value, message] of [
    ['--lags', '100001', /Lags L must be a whole number from 1 to 100,000/],
    ['--layer', '10000', /Layer must be a whole number from 0 to 9,999/],
    ['--seed', '4294967296', /Seed must be a whole number from 0 to 4,294,967,295/],
  ] as const) {
    assertRefused(runCliBounded(['analyze', vanishing, option, value]), { message });
  }
});

test('steps whose sequence would need more than 2 GiB are refused before the forward pass, naming the file', () => {
  const scratch = scratchFolder('bounds');
  try {
    // n = 64 hidden units, m = 32 768 inputs: 8·(4n + 2m) bytes a step (the README's rule), 2 GiB in all.
    const n = 64;
    const m = 32_768;
    const file = join(scratch.dir, 'wide.json');
    const zeros = (cols: number): string => `[${new Array(cols).fill('0').join(',')}]`;
    const rows = (r: number, c: number): string => `[${new Array(r).fill(zeros(c)).join(',')}]`;
    writeFileSync(file, `{"W_hh": ${rows(n, n)}, "W_xh": ${rows(n, m)}}`);
    const before = fileFingerprint(file);
    const maxSteps = Math.floor(2 ** 31 / (8 * (4 * n + 2 * m)));
    const run = runCliBounded(['analyze', file, '--steps', String(maxSteps + 1)], { timeoutMs: 15_000 });
    assertRefused(run, { file, message: new RegExp(`at most ${maxSteps.toLocaleString('en-US')} steps`) });
    assertPeakBelow(run, 600);
    assert.equal(fileFingerprint(file), before, 'the weights file is unchanged');
    // An inputs file of too many rows is refused naming the inputs file.
    const inputs = join(scratch.dir, 'long-inputs.json');
    writeFileSync(inputs, `[${new Array(100_001).fill('[0,0,0,0,0,0,0,0]').join(',')}]`);
    const long = runCliBounded(['analyze', vanishing, '--inputs', inputs], { timeoutMs: 15_000 });
    assertRefused(long, { file: inputs, message: /Steps T is at most 100,000/ });
  } finally {
    scratch.remove();
  }
});

test('a hidden or input size past its bound is refused naming the weights file', () => {
  const model = (hiddenSize: number, inputSize: number) =>
    ({ hiddenSize, inputSize, source: { file: 'huge.safetensors' } }) as unknown as RnnModel;
  for (const [n, m, message] of [
    [BOUNDS.hiddenSize.max + 1, 1, /hidden size 8,193 is over the bound of 8,192/],
    [4, BOUNDS.inputSize.max + 1, /input size 1,048,577 is over the bound/],
  ] as const) {
    assert.throws(
      () => assertSequenceWithinBounds(model(n, m), 1),
      (e: unknown) => isInputError(e) && e.file === 'huge.safetensors' && message.test(e.message),
    );
  }
  assert.doesNotThrow(() => assertSequenceWithinBounds(model(BOUNDS.hiddenSize.max, 0), 1));
});

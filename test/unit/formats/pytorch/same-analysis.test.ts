// A torch.save file analysed through the CLI gives exactly the analysis of the same tensors written as a state_dict
// JSON from what torch itself read back (torch.load, in expected.json): the readers are wired in, nothing differs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../cli/run-cli';
import { PYTORCH_FIXTURES, type ExpectedTorch } from './fixtures';
import { comparableAnalysis, nestedRows } from '../comparable-analysis';

const expected = JSON.parse(readFileSync(join(PYTORCH_FIXTURES, 'expected.json'), 'utf8')) as ExpectedTorch;

/** Files holding a vanilla nn.RNN in floating point (the cells the analysis knows today). */
const vanilla = Object.entries(expected.files).filter(([, file]) => {
  const names = Object.keys(file.tensors);
  const hh = names.filter((n) => /(^|\.)weight_hh_l0$/.test(n));
  return (
    hh.length === 1 &&
    (() => {
      const t = file.tensors[hh[0]];
      return t.shape[0] === t.shape[1] && t.values !== undefined && /float/.test(t.dtype);
    })()
  );
});

test('every vanilla-RNN fixture written by torch.save analyses exactly as torch read it back', () => {
  assert.ok(vanilla.length >= 8, `only ${vanilla.length} vanilla-RNN fixtures found`);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-torch-same-'));
  try {
    for (const [name, file] of vanilla) {
      const weights = Object.fromEntries(
        Object.entries(file.tensors)
          .filter(([, t]) => t.values !== undefined && /float/.test(t.dtype) && isVectorOrMatrix(t.shape))
          .map(([key, t]) => [key, nestedRows(t.shape, t.values ?? [])]),
      );
      const json = join(dir, `${name}.json`);
      writeFileSync(json, JSON.stringify(weights));
      const fromTorch = runCli(['analyze', join(PYTORCH_FIXTURES, name), '--json']);
      assert.equal(fromTorch.code, 0, `${name}: ${fromTorch.stderr}`);
      const fromJson = runCli(['analyze', json, '--json']);
      assert.equal(fromJson.code, 0, `${name} as JSON: ${fromJson.stderr}`);
      assert.deepEqual(comparableAnalysis(fromTorch.stdout), comparableAnalysis(fromJson.stdout), name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a .pt that is neither torch format says what it found, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-torch-bad-'));
  try {
    const file = join(dir, 'model.pt');
    writeFileSync(file, 'not a checkpoint at all');
    const r = runCli(['analyze', file]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /model\.pt/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The tensors a state_dict JSON can hold: non-empty vectors and matrices (not scalars such as a best score). */
function isVectorOrMatrix(shape: readonly number[]): boolean {
  return (shape.length === 1 || shape.length === 2) && shape.every((d) => d > 0);
}

test('the example checkpoints (zip, legacy, Lightning) analyse exactly as examples/pytorch_state_dict.json', () => {
  const examples = join(PYTORCH_FIXTURES, '..', '..', '..', 'examples');
  const reference = runCli(['analyze', join(examples, 'pytorch_state_dict.json'), '--json', '--layer', '1']);
  assert.equal(reference.code, 0, reference.stderr);
  for (const name of ['pytorch_model.pt', 'pytorch_legacy.pth', 'pytorch_lightning.ckpt']) {
    const r = runCli(['analyze', join(examples, name), '--json', '--layer', '1']);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.deepEqual(comparableAnalysis(r.stdout), comparableAnalysis(reference.stdout), name);
  }
});

test('--json carries what each checkpoint says about itself, as the generator wrote it into the file', () => {
  const withMetadata = Object.entries(expected.files).filter(([, f]) => f.metadata !== undefined);
  assert.ok(withMetadata.length >= 3, 'fixtures with checkpoint metadata');
  for (const [name, file] of withMetadata) {
    const r = runCli(['analyze', join(PYTORCH_FIXTURES, name), '--json']);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    const checkpoint = (JSON.parse(r.stdout) as { model: { checkpoint?: Record<string, unknown> } }).model.checkpoint;
    assert.ok(checkpoint, `${name}: no model.checkpoint`);
    for (const [key, value] of Object.entries(file.metadata ?? {}))
      assert.equal(checkpoint[key], value, `${name} ${key}`);
    assert.equal(checkpoint.weightsPath, file.weightsPath, `${name} weightsPath`);
  }
  // A whole pickled module: its classes are named as placeholders, none of them was run.
  const whole = runCli(['analyze', join(PYTORCH_FIXTURES, 'whole-module.pt'), '--json']);
  const placeholders = (
    JSON.parse(whole.stdout) as { model: { checkpoint: { placeholders: { className: string }[] } } }
  ).model.checkpoint.placeholders;
  assert.ok(
    placeholders.some((p) => p.className === 'torch.nn.modules.rnn.RNN'),
    JSON.stringify(placeholders),
  );
  // Other formats have no checkpoint section.
  const json = runCli(['analyze', join(PYTORCH_FIXTURES, '..', '..', '..', 'examples', 'vanishing.json'), '--json']);
  assert.equal((JSON.parse(json.stdout) as { model: Record<string, unknown> }).model.checkpoint, undefined);
});

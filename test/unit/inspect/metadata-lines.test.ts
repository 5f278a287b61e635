// The inspector's words for a checkpoint's own entries, from files torch.save wrote (test/fixtures/pytorch).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWeightsFile } from '../../../src/core/io/loadWeightsFile';
import { metadataText } from '../../../src/core/inspect/metadata-lines';
import { REPO } from '../helpers';

const fixture = (name: string) => join(REPO, 'test', 'fixtures', 'pytorch', name);
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as {
  files: Record<string, { tensors: Record<string, { dtype: string }> }>;
};

test('a whole pickled module: its classes are said to be kept as data, never run', () => {
  const file = loadWeightsFile(fixture('whole-module.pt'));
  const text = metadataText(file.format, file.metadata);
  const kept = text.details.find((line) => line.startsWith('Kept as data, never run:'));
  assert.ok(kept, text.details.join('\n'));
  assert.match(kept, /torch\.nn\.modules\.rnn\.RNN \(at rnn\)/);
  assert.match(kept, /__main__\.Net \(at the root\)/);
});

test('integer and bool tensors are named as listed only, each one torch wrote', () => {
  const file = loadWeightsFile(fixture('dtypes.pt'));
  const line = metadataText(file.format, file.metadata).details.find((l) => l.startsWith('Listed only'));
  assert.ok(line);
  const notFloat = Object.entries(expected.files['dtypes.pt'].tensors).filter(([, t]) => !/float|half/.test(t.dtype));
  assert.ok(notFloat.length >= 5);
  for (const [name] of notFloat) assert.match(line, new RegExp(`\\b${name} \\(`), name);
});

test('other formats keep their one summary line', () => {
  const text = metadataText('safetensors', { format: 'pt' });
  assert.deepEqual(text, { summary: 'format=pt', details: [] });
});

// Clipping caps each update, not the regime: after "add clip_grad_norm" an exploding config keeps a note.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import { applyTextEdits } from '../../../src/core/config/edits/editor';
import { addClipFix } from '../../../src/core/config/fixes';
import { CONFIG_EXAMPLES, diagnose, only, slice } from './helpers';

test('after the "add clip_grad_norm" fix, γρ ≈ 2 leaves one information-level note of the regime', () => {
  const name = 'exploding-no-clipping.rnn.jsonc';
  const text = readFileSync(join(CONFIG_EXAMPLES, name), 'utf8');
  const fix = addClipFix(buildContext(text, name));
  assert.ok(fix);
  const clipped = applyTextEdits(text, fix.edits);
  const ds = diagnoseConfig(buildContext(clipped, name));
  assert.deepEqual(
    ds.map((d) => [d.severity, d.code]),
    [['info', 'exploding-clipped']],
    'no warning left, one note',
  );
  const [note] = ds;
  assert.equal(slice(clipped, note.range), '"normal"');
  assert.match(note.message, /exploding regime.*γρ ≈ 2 > 1.*grows like 2\^T between clips.*clip_grad_norm = 1/);
  // The fixes that answer the regime itself are still offered; adding clipping again is not.
  const titles = [note.fix, ...(note.otherFixes ?? [])].map((f) => f?.title ?? '');
  assert.ok(
    titles.some((t) => t.startsWith('Switch recurrent_init to orthogonal')),
    titles.join(' | '),
  );
  assert.ok(
    titles.some((t) => t.startsWith('Rescale std')),
    titles.join(' | '),
  );
  assert.ok(!titles.some((t) => t.includes('clip_grad_norm')));
});

test('no note without the exploding regime, and the warning, not the note, without clipping', () => {
  const stable =
    '{"model": {"hidden_size": 64, "recurrent_init": {"type": "orthogonal"}}, "train": {"clip_grad_norm": 1}}';
  assert.equal(only(diagnoseConfig(buildContext(stable, 'c.rnn.json')), 'exploding-clipped').length, 0);
  const unclipped =
    '{"model": {"hidden_size": 64, "recurrent_init": {"type": "normal", "std": 0.25}}, "train": {"clip_grad_norm": null}}';
  const ds = diagnoseConfig(buildContext(unclipped, 'c.rnn.json'));
  assert.equal(only(ds, 'exploding-clipped').length, 0);
  assert.equal(only(ds, 'exploding-no-clip').length, 1);
});

test('saved weights in the exploding regime, with clipping: a note on weights', async () => {
  const weights = join(CONFIG_EXAMPLES, '..', 'exploding.json');
  const text = `train:\n  clip_grad_norm: 1.0\nweights: ${weights}\n`;
  const ds = await diagnose('c.rnn.yaml', text);
  const notes = only(ds, 'exploding-clipped');
  assert.equal(notes.length, 1, ds.map((d) => d.message).join('\n'));
  assert.equal(notes[0].severity, 'info');
  assert.equal(slice(text, notes[0].range), weights);
  assert.match(notes[0].message, /still in the exploding regime/);
  assert.equal(only(ds, 'exploding-no-clip').length, 0);
});

// The order of a timeline for each naming scheme, and which rule it says it used.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { nameNumbers, orderTimeline, type Orderable } from '../../../src/core/timeline/order';
import { buildTimeline } from '../../../src/core/timeline/timeline';
import { mtimeSetCopy, reference, setFolder } from './timeline-fixture';

const analysis = { inputs: { kind: 'random' as const, seed: 0, steps: 20 } };

test('Lightning checkpoints are ordered by their own global step', () => {
  const t = buildTimeline([setFolder('rnn-lightning')], { analysis });
  assert.equal(t.order, 'globalStep');
  assert.deepEqual(
    t.entries.map((e) => basename(e.file)),
    reference.sets['rnn-lightning'].files.map((f) => f.file),
  );
});

test('bare state_dicts are ordered by the number in their names', () => {
  const t = buildTimeline([setFolder('lstm-state-dicts')], { analysis });
  assert.equal(t.order, 'fileName');
  assert.deepEqual(
    t.entries.map((e) => basename(e.file)),
    reference.sets['lstm-state-dicts'].files.map((f) => f.file),
  );
});

test('names without a number are ordered by modification time (not by name)', () => {
  const t = buildTimeline([mtimeSetCopy()], { analysis });
  assert.equal(t.order, 'mtime');
  const expected = reference.sets['rnn-mtime'].files.map((f) => f.file);
  assert.deepEqual(
    t.entries.map((e) => basename(e.file)),
    expected,
  );
  assert.notDeepEqual([...expected].sort(), expected, 'the fixture names are not in training order by name');
});

const item = (path: string, extra: Partial<Orderable> = {}): Orderable => ({
  path,
  mtimeMs: 0,
  readable: true,
  ...extra,
});

test('numbers in names compare as numbers: ckpt_2 before ckpt_10, epoch=9-step=900 before epoch=10-step=1000', () => {
  assert.deepEqual(nameNumbers('runs/v2/epoch=7-step=1400.ckpt'), [7, 1400]);
  const names = orderTimeline([item('ckpt_10.pt'), item('ckpt_2.pt'), item('ckpt_1.pt')]).items.map((i) => i.path);
  assert.deepEqual(names, ['ckpt_1.pt', 'ckpt_2.pt', 'ckpt_10.pt']);
  const lightning = orderTimeline([item('epoch=10-step=1000.ckpt'), item('epoch=9-step=900.ckpt')]);
  assert.deepEqual(
    lightning.items.map((i) => i.path),
    ['epoch=9-step=900.ckpt', 'epoch=10-step=1000.ckpt'],
  );
});

test("the checkpoint's own step wins over its name; epoch when not every one has a step", () => {
  const byStep = orderTimeline([item('a_1.pt', { globalStep: 50 }), item('a_2.pt', { globalStep: 10 })]);
  assert.equal(byStep.order, 'globalStep');
  assert.deepEqual(
    byStep.items.map((i) => i.path),
    ['a_2.pt', 'a_1.pt'],
  );
  const byEpoch = orderTimeline([item('x.pt', { epoch: 3, globalStep: 1 }), item('y.pt', { epoch: 1 })]);
  assert.equal(byEpoch.order, 'epoch');
  assert.deepEqual(
    byEpoch.items.map((i) => i.path),
    ['y.pt', 'x.pt'],
  );
});

test('an unreadable file keeps its place in the name order among checkpoints ordered by step', () => {
  const r = orderTimeline([
    item('c_3.pt', { globalStep: 300 }),
    item('c_2.pt', { readable: false }),
    item('c_1.pt', { globalStep: 100 }),
  ]);
  assert.equal(r.order, 'globalStep');
  assert.deepEqual(
    r.items.map((i) => i.path),
    ['c_1.pt', 'c_2.pt', 'c_3.pt'],
  );
});

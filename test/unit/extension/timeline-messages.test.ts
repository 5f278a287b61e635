// What the timeline page sends is untrusted: only well-formed messages pass, a saved state is checked before a
// reload reopens a folder from it, and the page's x axis follows the order the timeline was put in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTimelineMessage, parseTimelineState } from '../../../src/extension/timeline/timelineMessages';
import type { Timeline, TimelinePoint } from '../../../src/core/timeline/types';
import { isTimelineMessage, xAxisOf } from '../../../webview/timeline/timelineView';

test('timeline page messages: the well-formed pass, the rest are refused', () => {
  assert.deepEqual(parseTimelineMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseTimelineMessage({ type: 'setLyapunov', enabled: true }), {
    type: 'setLyapunov',
    enabled: true,
  });
  const open = { type: 'openCheckpoint', file: '/runs/a/epoch=1.ckpt', layer: 1, direction: 'reverse' };
  assert.deepEqual(parseTimelineMessage({ ...open, extra: 'dropped' }), open);
  for (const bad of [
    null,
    [],
    'ready',
    { type: 'runShell', command: 'rm -rf /' },
    { type: 'setLyapunov', enabled: 'yes' },
    { ...open, file: '' },
    { ...open, file: 'x'.repeat(5000) },
    { ...open, layer: -1 },
    { ...open, layer: 1.5 },
    { ...open, layer: 1e9 },
    { ...open, direction: 'sideways' },
    { type: '__proto__' },
  ])
    assert.equal(parseTimelineMessage(bad), undefined, JSON.stringify(bad));
});

test('a saved timeline state is used only when well formed', () => {
  assert.deepEqual(parseTimelineState({ folder: '/runs/a', lyapunov: false, layerKey: '1:reverse' }), {
    folder: '/runs/a',
    lyapunov: false,
    layerKey: '1:reverse',
  });
  // A malformed layer choice is dropped, the rest kept.
  assert.deepEqual(parseTimelineState({ folder: '/runs/a', lyapunov: true, layerKey: '__proto__' }), {
    folder: '/runs/a',
    lyapunov: true,
  });
  for (const bad of [
    undefined,
    null,
    {},
    { folder: 3, lyapunov: false },
    { folder: '/a' },
    { folder: '', lyapunov: false },
  ])
    assert.equal(parseTimelineState(bad), undefined, JSON.stringify(bad));
});

test("the page's x axis: the global step or epoch that ordered the timeline, else the checkpoint's place", () => {
  const point = { ok: true, epoch: 7, globalStep: 1400 } as TimelinePoint;
  const of = (order: Timeline['order']) => xAxisOf({ order } as Timeline);
  assert.deepEqual([of('globalStep').label, of('globalStep').value(point, 2)], ['global step', 1400]);
  assert.deepEqual([of('epoch').label, of('epoch').value(point, 2)], ['epoch', 7]);
  assert.deepEqual([of('fileName').label, of('fileName').value(point, 2)], ['checkpoint (by file name)', 3]);
  assert.equal(of('mtime').label, 'checkpoint (by modification time)');
});

test('the page takes only the host messages it knows', () => {
  assert.ok(isTimelineMessage({ type: 'timelineFailed', message: 'x' }));
  assert.ok(isTimelineMessage({ type: 'timelineEntry', entry: {}, done: 1, total: 2 }));
  assert.ok(!isTimelineMessage({ type: 'timelineEntry', entry: null, done: 1 }));
  assert.ok(!isTimelineMessage({ type: 'analysisResult' }));
  assert.ok(!isTimelineMessage(null));
});

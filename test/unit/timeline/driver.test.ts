// The threaded timeline (the CLI's and the panel's) gives exactly the serial timeline's entries, keeps a corrupt
// file in its place, stops on cancel, and when watching a run leaves a file still being written pending.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalysisOptions } from '../../../src/core/analysis/types';
import { CancelledError } from '../../../src/core/errors';
import { TimelineCache } from '../../../src/core/timeline/cache';
import { buildTimeline } from '../../../src/core/timeline/timeline';
import { timelineOfFolder } from '../../../src/core/timeline/timeline-driver';
import type { TimelineEntry } from '../../../src/core/timeline/types';
import { WRITE_RETRY_WINDOW_MS } from '../../../src/core/timeline/write-state';
import { setFolder, tempFolder } from './timeline-fixture';

const analysis: AnalysisOptions = { inputs: { kind: 'random', seed: 5, steps: 40 } };

for (const threads of [2, 1]) {
  test(`${threads} thread(s): the same timeline as the serial one, entry for entry`, async () => {
    for (const set of ['rnn-lightning', 'lstm-state-dicts']) {
      const serial = buildTimeline([setFolder(set)], { analysis });
      const seen: TimelineEntry[] = [];
      const threaded = await timelineOfFolder(
        [setFolder(set)],
        { analysis },
        { threads, onEntry: (e) => seen.push(e) },
      );
      assert.deepEqual(threaded, serial);
      assert.equal(seen.length, serial.entries.length);
    }
  });
}

test('a corrupt checkpoint among good ones is an error entry in its place; the rest are analysed', async () => {
  const dir = copyOf('rnn-lightning');
  writeFileSync(join(dir, 'epoch=2-step=60.ckpt'), readFileSync(join(dir, 'epoch=2-step=60.ckpt')).subarray(0, 300));
  const old = new Date(Date.now() - 2 * WRITE_RETRY_WINDOW_MS);
  utimesSync(join(dir, 'epoch=2-step=60.ckpt'), old, old);
  const serial = buildTimeline([dir], { analysis });
  const threaded = await timelineOfFolder([dir], { analysis }, { threads: 2 });
  assert.deepEqual(threaded, serial);
  const bad = threaded.entries.find((e) => !e.ok);
  assert.ok(bad && !bad.ok && bad.file.endsWith('epoch=2-step=60.ckpt'));
  assert.match(bad.error, /epoch=2-step=60\.ckpt/);
  assert.equal(threaded.entries.filter((e) => e.ok).length, 5);
  // Watching the run, the same old corrupt file is reported, not waited for.
  const live = await timelineOfFolder([dir], { analysis }, { threads: 2, live: { nowMs: Date.now() } });
  assert.deepEqual(live.pending, []);
  assert.deepEqual(live.entries, serial.entries);
});

test('live: a file written moments ago, or cut short, is pending, not corrupt; once whole it is analysed', async () => {
  const dir = copyOf('rnn-lightning');
  const name = 'epoch=5-step=120.ckpt';
  const whole = readFileSync(join(dir, name));
  writeFileSync(join(dir, name), whole.subarray(0, Math.floor(whole.length / 2)));
  const cache = new TimelineCache();
  const writing = await timelineOfFolder([dir], { analysis }, { cache, live: { nowMs: Date.now() } });
  assert.deepEqual(writing.pending, [join(dir, name)]);
  assert.equal(writing.entries.length, 5);
  assert.ok(writing.entries.every((e) => e.ok));
  // Past the quiet time but unfinished by its zip, and young: a writer may be pausing, so still pending.
  const pausing = new Date(Date.now() - WRITE_RETRY_WINDOW_MS / 3);
  utimesSync(join(dir, name), pausing, pausing);
  const paused = await timelineOfFolder([dir], { analysis }, { cache, live: { nowMs: Date.now() } });
  assert.deepEqual(paused.pending, [join(dir, name)]);
  // Half a file, an hour old: a write that stopped. It is read and reported, in its place.
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(join(dir, name), hourAgo, hourAgo);
  const stale = await timelineOfFolder(
    [dir],
    { analysis },
    { cache: new TimelineCache(), live: { nowMs: Date.now() } },
  );
  assert.deepEqual(stale.pending, []);
  assert.equal(stale.entries.filter((e) => !e.ok).length, 1);
  writeFileSync(join(dir, name), whole);
  utimesSync(join(dir, name), hourAgo, hourAgo);
  const done = await timelineOfFolder([dir], { analysis }, { cache, live: { nowMs: Date.now() } });
  assert.deepEqual(done.pending, []);
  assert.equal(done.fromCache, 5);
  assert.deepEqual(done, { ...buildTimeline([dir], { analysis }), fromCache: 5, pending: [] });
});

test('live: files dated ahead of the clock (copied with their times, a network drive) are not waited for ever', async () => {
  const dir = copyOf('lstm-state-dicts');
  const names = readdirSync(dir).sort();
  // Hours ahead: the date tells nothing about a write, so whole files are analysed and a cut one is reported.
  const hoursAhead = new Date(Date.now() + 2 * 3_600_000);
  for (const name of names) utimesSync(join(dir, name), hoursAhead, hoursAhead);
  const serial = buildTimeline([dir], { analysis });
  const ahead = await timelineOfFolder([dir], { analysis }, { threads: 2, live: { nowMs: Date.now() } });
  assert.deepEqual(ahead.pending, []);
  assert.deepEqual(ahead.entries, serial.entries);
  assert.equal(ahead.entries.filter((e) => e.ok).length, names.length);
  const cut = join(dir, names[1]);
  writeFileSync(cut, readFileSync(cut).subarray(0, 1000));
  utimesSync(cut, hoursAhead, hoursAhead);
  const reported = await timelineOfFolder([dir], { analysis }, { live: { nowMs: Date.now() } });
  assert.deepEqual(reported.pending, []);
  const bad = reported.entries.find((e) => !e.ok);
  assert.ok(bad && bad.file === cut, 'the cut file is an error entry in its place');
  // A second ahead: written after the run read its clock, so young, and this one is unfinished: pending.
  const justAhead = new Date(Date.now() + 1000);
  utimesSync(cut, justAhead, justAhead);
  const young = await timelineOfFolder([dir], { analysis }, { live: { nowMs: Date.now() } });
  assert.deepEqual(young.pending, [cut]);
  assert.equal(young.entries.length, names.length - 1);
});

test('an empty folder, watched, is an empty timeline; not watched, a clear message', async () => {
  const dir = tempFolder();
  const live = await timelineOfFolder([dir], { analysis }, { live: { nowMs: Date.now() } });
  assert.equal(live.entries.length, 0);
  await assert.rejects(timelineOfFolder([dir], { analysis }), /no checkpoint found/);
});

test('cancel stops the threads and rejects with CancelledError', async () => {
  const controller = new AbortController();
  const run = timelineOfFolder(
    [setFolder('lstm-state-dicts')],
    { analysis: { inputs: { kind: 'random', seed: 1, steps: 2000 } } },
    { threads: 2, signal: controller.signal, onEntry: () => controller.abort() },
  );
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(run, CancelledError);
});

function copyOf(set: string): string {
  const dir = tempFolder();
  for (const name of readdirSync(setFolder(set))) copyFileSync(join(setFolder(set), name), join(dir, name));
  const old = new Date(Date.now() - 2 * WRITE_RETRY_WINDOW_MS);
  for (const name of readdirSync(dir)) utimesSync(join(dir, name), old, old);
  return dir;
}

test("the editor's read limits: a checkpoint over the size limit is an error entry, read again under a larger one", async () => {
  const dir = copyOf('rnn-lightning');
  const sizes = readdirSync(dir).map((name) => readFileSync(join(dir, name)).length);
  const cache = new TimelineCache();
  const limit = Math.min(...sizes) - 1;
  // Watching (as the panel does), a timeline of nothing but refusals is shown, not refused as a whole.
  const small = await timelineOfFolder(
    [dir],
    { analysis, limits: { maxBytes: limit } },
    { cache, threads: 2, live: { nowMs: Date.now() } },
  );
  assert.equal(small.entries.length, 6);
  for (const entry of small.entries) {
    assert.ok(!entry.ok, `${entry.file} refused`);
    assert.match(entry.error, new RegExp(`${entry.file.split('/').pop()!.replace(/[.=]/g, '\\$&')}`));
  }
  const large = await timelineOfFolder([dir], { analysis, limits: { maxBytes: 1 << 30 } }, { cache, threads: 2 });
  assert.equal(large.fromCache, 0, 'another limit is another probe');
  assert.deepEqual(large.entries, buildTimeline([dir], { analysis }).entries);
});

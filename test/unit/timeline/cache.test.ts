// The timeline cache: a second run reads every entry from it; a changed file misses; a foreign cache is ignored.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TimelineCache } from '../../../src/core/timeline/cache';
import { buildTimeline } from '../../../src/core/timeline/timeline';
import { reference, setFolder, tempFolder } from './timeline-fixture';

const analysis = { inputs: { kind: 'random' as const, seed: 1, steps: 30 } };

function copyOfLstmSet(): string {
  const dir = tempFolder();
  for (const f of reference.sets['lstm-state-dicts'].files)
    copyFileSync(join(setFolder('lstm-state-dicts'), f.file), join(dir, f.file));
  return dir;
}

test('reopening reads every entry from the cache file, with the same numbers', () => {
  const dir = copyOfLstmSet();
  const cacheFile = join(tempFolder(), 'cache.json');
  const first = new TimelineCache(cacheFile);
  const fresh = buildTimeline([dir], { analysis }, { cache: first });
  first.save();
  assert.equal(fresh.fromCache, 0);
  const again = buildTimeline([dir], { analysis }, { cache: new TimelineCache(cacheFile) });
  assert.equal(again.fromCache, 6);
  assert.deepEqual({ ...again, fromCache: 0 }, fresh);
});

test('a replaced file (new size or mtime) is analysed again; another probe misses', () => {
  const dir = copyOfLstmSet();
  const cache = new TimelineCache();
  const before = buildTimeline([dir], { analysis }, { cache });
  // ckpt_0001 replaced by the weights of epoch 4: same size, a new mtime.
  copyFileSync(join(dir, 'ckpt_0004.pt'), join(dir, 'ckpt_0001.pt'));
  utimesSync(join(dir, 'ckpt_0001.pt'), new Date(), new Date(Date.now() + 5000));
  const after = buildTimeline([dir], { analysis }, { cache });
  assert.equal(after.fromCache, 5);
  const layers = (t: typeof before, i: number): unknown => (t.entries[i].ok ? t.entries[i].layers : undefined);
  assert.deepEqual(layers(after, 1), layers(before, 4));
  assert.notDeepEqual(layers(after, 1), layers(before, 1));
  const otherProbe = buildTimeline([dir], { analysis: { inputs: { ...analysis.inputs, seed: 2 } } }, { cache });
  assert.equal(otherProbe.fromCache, 0);
});

test('a cache file that is not ours is ignored and rewritten, never trusted', () => {
  const dir = copyOfLstmSet();
  const cacheFile = join(tempFolder(), 'cache.json');
  for (const text of ['{"version":1,"entries":[["k",{"ok":true}]]}', 'not json', '[]', '{"version":99,"entries":[]}']) {
    writeFileSync(cacheFile, text);
    const cache = new TimelineCache(cacheFile);
    assert.equal(cache.size, 0, text);
    const t = buildTimeline([dir], { analysis }, { cache });
    assert.equal(t.fromCache, 0);
    cache.save();
    assert.equal((JSON.parse(readFileSync(cacheFile, 'utf8')) as { version: number }).version, 1);
  }
});

test('an inputs file is part of the key: editing it misses', () => {
  const dir = copyOfLstmSet();
  const inputsFile = join(tempFolder(), 'inputs.json');
  const rows = (v: number): string => JSON.stringify(Array.from({ length: 12 }, () => [v, -v]));
  writeFileSync(inputsFile, rows(0.5));
  const cache = new TimelineCache();
  const options = { analysis: { inputs: { kind: 'file' as const, file: inputsFile } } };
  const before = buildTimeline([dir], options, { cache });
  assert.equal(buildTimeline([dir], options, { cache }).fromCache, 6);
  writeFileSync(inputsFile, rows(0.25));
  utimesSync(inputsFile, new Date(), new Date(Date.now() + 5000));
  const after = buildTimeline([dir], options, { cache });
  assert.equal(after.fromCache, 0);
  assert.notDeepEqual(after.entries[0], before.entries[0]);
});

// Which files a timeline reads: a folder's checkpoints by extension (not its subfolders), globs with * ? and **.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { discoverCheckpoints, globRegExp } from '../../../src/core/timeline/discover';
import { tempFolder } from './timeline-fixture';

function tree(): string {
  const dir = tempFolder();
  for (const f of [
    'a.pt',
    'b.ckpt',
    'c.safetensors',
    'notes.json',
    'log.txt',
    'run1/d.pt',
    'run1/deep/e.pt',
    'run2/f.pth',
  ]) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  return dir;
}

const names = (dir: string, found: { path: string }[]): string[] =>
  found.map((f) => relative(dir, f.path).split('\\').join('/')).sort();

test("a folder: its checkpoints by extension, not JSON or text, not its subfolders'", () => {
  const dir = tree();
  assert.deepEqual(names(dir, discoverCheckpoints([dir])), ['a.pt', 'b.ckpt', 'c.safetensors']);
});

test('globs: * within a name, ** across folders, each file once', () => {
  const dir = tree();
  assert.deepEqual(names(dir, discoverCheckpoints([join(dir, 'run*', '*.pt*')])), ['run1/d.pt', 'run2/f.pth']);
  assert.deepEqual(names(dir, discoverCheckpoints([join(dir, '**', '*.pt')])), ['a.pt', 'run1/d.pt', 'run1/deep/e.pt']);
  assert.deepEqual(names(dir, discoverCheckpoints([join(dir, '?.pt'), join(dir, 'a.pt'), dir])), [
    'a.pt',
    'b.ckpt',
    'c.safetensors',
  ]);
});

test('a glob matches names literally apart from its wildcards', () => {
  assert.ok(globRegExp(['epoch=*-step=*.ckpt']).test('epoch=3-step=120.ckpt'));
  assert.ok(!globRegExp(['ckpt.pt']).test('ckptXpt'));
  assert.ok(!globRegExp(['*.pt']).test('sub/a.pt'));
  assert.ok(globRegExp(['**', '*.pt']).test('a.pt'));
});

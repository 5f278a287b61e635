// "RNN: Gradient health over training" in a real VS Code: the command on a folder of checkpoints written by
// torch (scripts/fixtures/timeline.py) gives the core's serial timeline entry for entry (whose numbers the unit
// tests check against torch/numpy); a corrupt file keeps its place; another architecture is listed apart; a
// replaced checkpoint is analysed again; reopening comes from the cache; an empty folder waits.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { buildTimeline } from '../../src/core/timeline/timeline';
import type { Timeline } from '../../src/core/timeline/types';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'timeline');
const scratch = mkdtempSync(join(tmpdir(), 'rnn-timeline-it-'));
/** The probe a new timeline panel uses: the analysis panel's defaults. */
const probe = { analysis: { inputs: { kind: 'random' as const, seed: 0, steps: 100 }, lags: 100, threshold: 0.001 } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const longAgo = new Date(Date.now() - 3_600_000);

function copyOf(set: string, name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const file of readdirSync(join(fixtures, set))) {
    copyFileSync(join(fixtures, set, file), join(dir, file));
    utimesSync(join(dir, file), longAgo, longAgo);
  }
  return dir;
}

async function shownFor(folder: string, accept: (t: Timeline) => boolean, timeoutMs = 60_000): Promise<Timeline> {
  const deadline = Date.now() + timeoutMs;
  let last: Timeline | undefined;
  while (Date.now() < deadline) {
    const open = await vscode.commands.executeCommand<{ folder: string; timeline: Timeline | undefined }[]>(
      'rnnGradients.inspectTimelines',
    );
    last = open.find((p) => p.folder === folder)?.timeline;
    if (last && accept(last)) return last;
    await sleep(200);
  }
  throw new Error(`no matching timeline for ${folder}; last: ${JSON.stringify(last)?.slice(0, 400)}`);
}

/** The timeline without what depends on the run (the cache, files being written). */
function comparable(t: Timeline): Partial<Timeline> {
  return Object.fromEntries(Object.entries(t).filter(([key]) => key !== 'fromCache' && key !== 'pending'));
}

describe('Gradient health over training (timeline panel)', function () {
  this.timeout(180_000);

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows the serial timeline of the folder, entry for entry; reopening comes from the cache', async () => {
    const folder = copyOf('rnn-lightning', 'lightning');
    assert.equal(await vscode.commands.executeCommand('rnnGradients.timeline', vscode.Uri.file(folder)), folder);
    const shown = await shownFor(folder, (t) => t.entries.length === 6);
    assert.deepEqual(comparable(shown), comparable(buildTimeline([folder], probe)));
    assert.deepEqual(shown.pending, []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('rnnGradients.timeline', vscode.Uri.file(folder));
    const again = await shownFor(folder, (t) => t.entries.length === 6);
    assert.equal(again.fromCache, 6);
  });

  it('keeps a corrupt checkpoint in its place, lists another architecture apart, re-analyses a replaced file', async () => {
    const folder = copyOf('rnn-lightning', 'mixed');
    const bad = join(folder, 'epoch=2-step=60.ckpt');
    writeFileSync(bad, readFileSync(bad).subarray(0, 400));
    utimesSync(bad, longAgo, longAgo);
    await vscode.commands.executeCommand('rnnGradients.timeline', vscode.Uri.file(folder));
    const shown = await shownFor(folder, (t) => t.entries.length === 6);
    const error = shown.entries.find((e) => !e.ok);
    assert.ok(error && !error.ok && error.file === bad, 'the corrupt file is an entry of its own');
    assert.match(error.error, /epoch=2-step=60\.ckpt/);
    assert.deepEqual(comparable(shown), comparable(buildTimeline([folder], probe)));

    // An LSTM checkpoint in the same folder: two architectures, never one line.
    const lstm = join(folder, 'lstm_0003.pt');
    copyFileSync(join(fixtures, 'lstm-state-dicts', 'ckpt_0003.pt'), lstm);
    const mixed = await shownFor(folder, (t) => t.entries.length === 7 && t.architectures.length === 2);
    assert.deepEqual(mixed.architectures.map((a) => a.description).sort(), [
      'LSTM, 2 → 16 units, 1 layer',
      'RNN, 2 → 16 units, 1 layer',
    ]);

    // The epoch-0 checkpoint replaced by the epoch-5 one: analysed again, with the new file's numbers.
    const replaced = join(folder, 'epoch=0-step=20.ckpt');
    copyFileSync(join(fixtures, 'rnn-lightning', 'epoch=5-step=120.ckpt'), replaced);
    const after = await shownFor(folder, (t) =>
      t.entries.some((e) => e.file === replaced && e.ok && e.globalStep === 120),
    );
    assert.deepEqual(comparable(after), comparable(buildTimeline([folder], probe)));
  });

  it('"Cancel gradient analysis" stops a timeline at once, and the folder is not read again by itself', async () => {
    const folder = join(scratch, 'many');
    mkdirSync(folder);
    for (let copy = 0; copy < 10; copy++)
      for (const file of readdirSync(join(fixtures, 'lstm-state-dicts'))) {
        const to = join(folder, `c${copy}_${file}`);
        copyFileSync(join(fixtures, 'lstm-state-dicts', file), to);
        utimesSync(to, longAgo, longAgo);
      }
    // With λ₁ every checkpoint takes a while: 60 of them take many seconds.
    await vscode.commands.executeCommand('rnnGradients.timeline', vscode.Uri.file(folder), { lyapunov: true });
    await sleep(800);
    const started = Date.now();
    assert.equal(await vscode.commands.executeCommand('rnnGradients.cancelAnalysis'), 1);
    const outcome = async () =>
      (
        await vscode.commands.executeCommand<{ folder: string; outcome: string }[]>('rnnGradients.inspectTimelines')
      ).find((p) => p.folder === folder)?.outcome;
    while ((await outcome()) === 'running' && Date.now() - started < 5000) await sleep(50);
    assert.equal(await outcome(), 'cancelled');
    assert.ok(Date.now() - started < 2000, `stopped in ${Date.now() - started} ms`);
    // Past the 5 s look a visible panel takes: still cancelled, not read again.
    await sleep(6000);
    assert.equal(await outcome(), 'cancelled');
  });

  it('an empty folder is an empty timeline that waits for checkpoints', async () => {
    const folder = join(scratch, 'empty');
    mkdirSync(folder);
    await vscode.commands.executeCommand('rnnGradients.timeline', vscode.Uri.file(folder));
    const shown = await shownFor(folder, () => true);
    assert.equal(shown.entries.length, 0);
    copyFileSync(join(fixtures, 'rnn-lightning', 'epoch=1-step=40.ckpt'), join(folder, 'epoch=1-step=40.ckpt'));
    const one = await shownFor(folder, (t) => t.entries.length === 1);
    assert.ok(one.entries[0].ok);
  });
});

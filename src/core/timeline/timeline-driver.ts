// A timeline's checkpoints analysed on every core: each file goes whole to one of a few analysis threads
// (timeline-thread.ts), which run analyzeCheckpoint on one thread each, so the numbers are those of the serial
// timelineOf. Cached entries come first and at once; each fresh entry is reported as it arrives. When watching a
// training run (`live`), a file still being written is left pending instead of being read half-written.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { userFileSource } from '../io/readFile';
import { CancelledError } from '../errors';
import { cacheKey, type TimelineCache } from './cache';
import { discoverCheckpoints, type FoundFile } from './discover';
import { analyzeCheckpoint, assembleTimeline, probeKey, type TimelineOptions } from './timeline';
import type { ThreadReply, ThreadRequest } from './thread-messages';
import type { Timeline, TimelineEntry } from './types';
import { unfinishedReason, writeAgeMs, WRITE_QUIET_MS, WRITE_RETRY_WINDOW_MS } from './write-state';
import { InputError } from '../errors';

export interface TimelineDriverHooks {
  cache?: TimelineCache;
  /** Each entry as soon as it is known, cached ones first; `done` of `total` files have an entry. */
  onEntry?: (entry: TimelineEntry, done: number, total: number) => void;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** Analysis threads; default: one per core, at most the files to analyse. 1 or 0: this thread analyses. */
  threads?: number;
  /** Watching a training run: files changed within the quiet time, or unfinished, wait (Timeline.pending). */
  live?: { nowMs: number };
}

/** The threads' script: dist/timelineThread.js beside a bundle, timeline-thread.js beside tsc's output. */
function threadScript(): string | undefined {
  return [join(__dirname, 'timelineThread.js'), join(__dirname, 'timeline-thread.js')].find((p) => existsSync(p));
}

export function defaultThreadCount(): number {
  if (process.env.RNN_GRADIENTS_THREADS === '1') return 1;
  return typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
}

export async function timelineOfFolder(
  operands: readonly string[],
  options: TimelineOptions,
  hooks: TimelineDriverHooks = {},
): Promise<Timeline> {
  if (operands.length === 0) throw new InputError('timeline', '', 'no folder or file given');
  const files = discoverCheckpoints(operands);
  if (files.length === 0 && !hooks.live)
    throw new InputError(operands.join(', '), '', 'no checkpoint found (looked for the extensions of weights files)');
  return timelineOfFiles(files, options, hooks);
}

export async function timelineOfFiles(
  files: readonly FoundFile[],
  options: TimelineOptions,
  hooks: TimelineDriverHooks = {},
): Promise<Timeline> {
  const probe = probeKey(options);
  const entries: (TimelineEntry | undefined)[] = new Array(files.length).fill(undefined);
  const pending: string[] = [];
  let done = 0;
  let fromCache = 0;
  const record = (i: number, entry: TimelineEntry): void => {
    entries[i] = entry;
    done++;
    hooks.onProgress?.(done / files.length, `${done} of ${files.length}: ${files[i].path}`);
    hooks.onEntry?.(entry, done, files.length);
  };
  const toAnalyse: number[] = [];
  files.forEach((file, i) => {
    const cached = hooks.cache?.get(cacheKey(file, probe));
    if (cached) {
      fromCache++;
      record(i, { ...cached, file: file.path });
    } else if (hooks.live && stillBeingWritten(file, hooks.live.nowMs)) pending.push(file.path);
    else toAnalyse.push(i);
  });
  const finish = (i: number, entry: TimelineEntry): void => {
    const file = files[i];
    // A read that fails moments after the file changed is most likely a write in progress: try again later.
    if (!entry.ok && hooks.live && writeAgeMs(file.mtimeMs, hooks.live.nowMs) < WRITE_RETRY_WINDOW_MS) {
      pending.push(file.path);
      return;
    }
    hooks.cache?.set(cacheKey(file, probe), entry);
    record(i, entry);
  };
  const threads = Math.min(hooks.threads ?? defaultThreadCount(), toAnalyse.length);
  const script = threads > 1 ? threadScript() : undefined;
  if (script) await analyseInThreads(script, threads, toAnalyse, files, options, finish, hooks.signal);
  else await analyseHere(toAnalyse, files, options, finish, hooks.signal);
  const known = entries.filter((e): e is TimelineEntry => e !== undefined);
  return assembleTimeline(known, options, fromCache, hooks.live ? { pending } : undefined);
}

/** Modified within the quiet time, or unfinished by its format and young enough that a writer may be at it. */
function stillBeingWritten(file: FoundFile, nowMs: number): boolean {
  const age = writeAgeMs(file.mtimeMs, nowMs);
  if (age < WRITE_QUIET_MS) return true;
  if (age >= WRITE_RETRY_WINDOW_MS) return false; // a write that stopped long ago: read it and say what is wrong
  try {
    return unfinishedReason(userFileSource(file.path)) !== undefined;
  } catch {
    return false; // unreadable: the analysis says why
  }
}

async function analyseHere(
  indexes: readonly number[],
  files: readonly FoundFile[],
  options: TimelineOptions,
  finish: (i: number, entry: TimelineEntry) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const isCancelled = (): boolean => signal?.aborted === true;
  for (const i of indexes) {
    // A turn of the event loop between files, so that a cancel (or a host's message) is heard.
    await new Promise((resolve) => setImmediate(resolve));
    if (isCancelled()) throw new CancelledError();
    finish(i, analyzeCheckpoint(files[i], options, { isCancelled }));
  }
}

function analyseInThreads(
  script: string,
  count: number,
  indexes: readonly number[],
  files: readonly FoundFile[],
  options: TimelineOptions,
  finish: (i: number, entry: TimelineEntry) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const queue = [...indexes];
    const workers = new Set<Worker>();
    let outstanding = indexes.length;
    let settled = false;
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
      workers.clear();
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      stopAll();
      reject(error);
    };
    const onAbort = (): void => fail(new CancelledError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    /** Records file i's entry; true once every file has one (and the run is over). */
    const complete = (i: number, entry: TimelineEntry): boolean => {
      finish(i, entry);
      if (--outstanding > 0) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      stopAll();
      resolve();
      return true;
    };
    const start = (): void => {
      // Each thread analyses on its own (no helper thread of its own): the cores are already shared out.
      const worker = new Worker(script, { env: { ...process.env, RNN_GRADIENTS_THREADS: '1' } });
      workers.add(worker);
      let current: number | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) {
          workers.delete(worker);
          void worker.terminate();
          return;
        }
        const request: ThreadRequest = { file: files[current], options };
        worker.postMessage(request);
      };
      worker.on('message', (reply: ThreadReply) => {
        if (settled || current === undefined) return;
        if (reply.type === 'failure') return fail(Object.assign(new Error(reply.message), { stack: reply.stack }));
        if (!complete(current, reply.entry)) next();
      });
      // A thread that dies under a file (out of memory on a hostile one, say): that file is an error entry in its
      // place, and a fresh thread takes the rest.
      const died = (why: string): void => {
        if (settled || !workers.delete(worker)) return;
        const i = current;
        current = undefined;
        if (i === undefined) return;
        const { path, size, mtimeMs } = files[i];
        const error = `${path}: the analysis thread stopped while reading it (${why})`;
        if (!complete(i, { file: path, size, mtimeMs, ok: false, error }) && queue.length > 0) start();
      };
      worker.on('error', (e) => died(e.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
      next();
    };
    for (let t = 0; t < count; t++) start();
  });
}

// The hostile-input suite's tools: a scratch folder per test, the CLI run with a bound on time and memory, and the
// checks every case makes (exit code, a message naming the file, no stack trace, inputs unchanged, prototypes clean).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../cli/run-cli';
import { REPO } from '../helpers';

/** A fresh folder under the system's temp dir; removed by the returned `remove`. Nothing hostile is committed. */
export function scratchFolder(tag: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `rnn-hostile-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BoundedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed for taking longer than the bound. */
  timedOut: boolean;
  /** The child's peak resident set, in MiB (from process.resourceUsage at exit); NaN if it died before. */
  peakMiB: number;
}

export interface Bounds {
  /** Wall-clock bound; the child is killed past it. Default 20 s. */
  timeoutMs?: number;
  /** V8 heap limit of the child (--max-old-space-size), MiB. Default 512. */
  heapMiB?: number;
  cwd?: string;
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
  /** Data for the child's stdin (default: none, stdin is closed). */
  input?: string;
}

/**
 * Runs dist/cli.js with `args` in a child bounded in time and heap, and records its peak memory, so that a case
 * that hangs or balloons fails the test instead of the machine.
 */
export function runCliBounded(args: readonly string[], bounds: Bounds = {}): BoundedRun {
  const rssFile = join(tmpdir(), `rnn-hostile-rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  // A preload that writes the peak RSS when the process exits, however it exits.
  const preload = `process.on('exit', () => { try { require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)); } catch {} });`;
  const r = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${bounds.heapMiB ?? 512}`,
      '-e',
      `${preload}\nprocess.argv.splice(1, 0, ${JSON.stringify(CLI)}); require(${JSON.stringify(CLI)});`,
      '--',
      ...args,
    ],
    {
      encoding: 'utf8',
      cwd: bounds.cwd ?? REPO,
      timeout: bounds.timeoutMs ?? 20_000,
      killSignal: 'SIGKILL',
      env: { ...process.env, ...bounds.env },
      input: bounds.input ?? '',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  let peakMiB = Number.NaN;
  try {
    peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
    rmSync(rssFile, { force: true });
  } catch {
    // died before writing it
  }
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut, peakMiB };
}

/** A JavaScript stack frame line, as Node prints them ("    at f (file.js:1:2)"). */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/**
 * The CLI refused the input as a user's mistake should be refused: the expected exit code, no timeout or signal,
 * a message on stderr that names `file` (its path or base name) and matches `message` if given, and no stack trace.
 */
export function assertRefused(
  run: BoundedRun,
  { code = 2, file, message }: { code?: number; file?: string; message?: RegExp } = {},
): void {
  const context = `exit ${run.code}${run.signal ? ` signal ${run.signal}` : ''}${run.timedOut ? ' (timed out)' : ''}\nstderr: ${run.stderr.slice(0, 2000)}`;
  assert.equal(run.timedOut, false, `timed out\n${context}`);
  assert.equal(run.signal, null, `killed by ${run.signal}\n${context}`);
  assert.equal(run.code, code, `exit code\n${context}`);
  assert.doesNotMatch(run.stderr, STACK_FRAME, `a stack trace was printed\n${context}`);
  if (file !== undefined) assert.ok(run.stderr.includes(file), `the message does not name ${file}\n${context}`);
  if (message !== undefined) assert.match(run.stderr, message, context);
}

/** Asserts the child stayed within `maxMiB` of resident memory (when it could report its peak). */
export function assertPeakBelow(run: BoundedRun, maxMiB: number): void {
  if (Number.isNaN(run.peakMiB))
    assert.fail(`the child died before reporting its memory (exit ${run.code}, ${run.signal})`);
  assert.ok(run.peakMiB < maxMiB, `peak resident memory ${run.peakMiB.toFixed(0)} MiB, over ${maxMiB} MiB`);
}

/** A fingerprint of a file's size, time and bytes, to prove an input is left unchanged. */
export function fileFingerprint(path: string): string {
  const s = statSync(path);
  return `${s.size}:${s.mtimeMs}:${readFileSync(path).toString('base64')}`;
}

const prototypes = [Object.prototype, Array.prototype, Function.prototype, Map.prototype];

/** Own property names of the built-in prototypes, to compare before and after parsing hostile data. */
export function prototypeSnapshot(): string {
  return prototypes.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}

/** Runs `body` and asserts it added nothing to Object.prototype and friends (and that a fresh {} stays empty). */
export async function assertPrototypesUntouched<T>(body: () => T | Promise<T>): Promise<T> {
  const before = prototypeSnapshot();
  const result = await body();
  assert.equal(prototypeSnapshot(), before, 'a built-in prototype gained or lost a property');
  const fresh: Record<string, unknown> = {};
  for (const key in fresh) assert.fail(`a fresh object has the inherited key ${key}`);
  return result;
}

// The extension's worker scripts driven as the extension drives them (WorkerClient, the real dist/ bundles), in a
// child process bounded in time and heap, so that a request that hangs or balloons fails the test instead of the
// machine; the child's peak resident set includes its worker threads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerBundlePath } from '../../../src/workers/bundles';
import { REPO } from '../helpers';

export interface WorkerRun {
  /** The request's result, or its error (name, message, and the stack only if the worker sent one). */
  readonly result?: unknown;
  readonly error?: { name: string; message: string };
  /** The type of each progress message, in order. */
  readonly progress: readonly string[];
  readonly timedOut: boolean;
  readonly peakMiB: number;
  readonly stderr: string;
}

const CLIENT = join(REPO, 'out', 'src', 'workers', 'workerClient.js');

export function runWorkerBounded(
  worker: 'analysisWorker' | 'weightsWorker',
  method: string,
  params: unknown,
  { timeoutMs = 20_000, heapMiB = 512 }: { timeoutMs?: number; heapMiB?: number } = {},
): WorkerRun {
  const out = join(tmpdir(), `rnn-hostile-worker-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const script = `
const { writeFileSync } = require('node:fs');
const { WorkerClient } = require(${JSON.stringify(CLIENT)});
const client = new WorkerClient(${JSON.stringify(workerBundlePath(REPO, worker))}, 'the worker');
const progress = [];
const done = (report) => {
  report.progress = progress;
  report.peakKiB = process.resourceUsage().maxRSS;
  writeFileSync(${JSON.stringify(out)}, JSON.stringify(report));
  client.stop();
  process.exit(0);
};
client
  .request(${JSON.stringify(method)}, ${JSON.stringify(params)}, { onProgress: (p) => progress.push(p.type ?? 'progress') })
  .then((result) => done({ result }), (e) => done({ error: { name: e.name, message: e.message } }));
`;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMiB}`, '-e', script], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  let report: { result?: unknown; error?: { name: string; message: string }; progress: string[]; peakKiB: number } = {
    progress: [],
    peakKiB: Number.NaN,
  };
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
    rmSync(out, { force: true });
  } catch {
    // the child died or timed out before reporting
  }
  return {
    ...(report.result !== undefined ? { result: report.result } : {}),
    ...(report.error ? { error: report.error } : {}),
    progress: report.progress,
    timedOut,
    peakMiB: report.peakKiB / 1024,
    stderr: r.stderr ?? '',
  };
}

// The cold-start row of `npm run bench` (`--only cold`): what a user waits for the first answer. A whole process
// `rnn-gradients analyze --json` of an n = 256 RNN (T = 100), beside a whole python3 process doing the same with
// numpy (import, read the safetensors file, eigenvalues, σ_max, the forward run, the Jacobian curve with both norms:
// scripts/bench/numpy_reference.py cold); and the first analysis in a fresh analysis worker against its second.
// Both with V8's code cache an earlier run left (the launcher's, src/core/runtime/compile-cache.ts: what a user
// has from their second run on), and once each without it (a first run after installing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_STEPS } from '../core/analysis/types';
import { SeededNormal } from '../core/random';
import { safetensorsFile } from './formats';
import { numpyEnv } from './numpy-reference';

export const COLD_START = { n: 256, inputSize: 8, processes: 11, workers: 9, firstRuns: 5 } as const;
/** The targets: the whole process within half numpy's; a fresh worker's first analysis within 1.3× its second. */
export const COLD_TARGETS = { processRatio: 0.5, workerRatio: 1.3 } as const;

export interface ColdStartResult {
  /** With the code cache of an earlier run. */
  processMs: number;
  /** Without a code cache: each run in an empty cache folder. */
  processWithoutCacheMs: number;
  numpyProcessMs?: number;
  workerFirstMs: number;
  workerSecondMs: number;
  workerWithoutCacheFirstMs: number;
  workerWithoutCacheSecondMs: number;
  load: number[];
}

function writeModel(file: string): void {
  const { n, inputSize: m } = COLD_START;
  const rng = new SeededNormal(256);
  const tensor = (name: string, shape: number[], scale: number) => ({
    name,
    shape,
    values: Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => scale * rng.normal()),
  });
  writeFileSync(
    file,
    safetensorsFile([
      tensor('weight_ih_l0', [n, m], 0.3),
      tensor('weight_hh_l0', [n, n], 1 / Math.sqrt(n)),
      tensor('bias_ih_l0', [n], 0),
      tensor('bias_hh_l0', [n], 0),
    ]),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** An empty cache folder: runs pointed at it have no code cache (and write one). */
function emptyCacheFolder(folder: string): string {
  return mkdtempSync(join(folder, 'cache-'));
}

const withCacheFolder = (cacheFolder: string): NodeJS.ProcessEnv => ({
  ...process.env,
  RNN_GRADIENTS_CACHE_DIR: cacheFolder,
});

/** Wall time of one whole process, from spawn to exit. */
function processMs(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number | undefined {
  const t0 = performance.now();
  const r = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    console.warn(`${command} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}`);
    return undefined;
  }
  return ms;
}

/** A fresh analysis worker's first and second analysis of `file`, through its own request protocol. */
async function workerTimes(file: string, cacheFolder: string): Promise<{ first: number; second: number }> {
  const worker = new Worker(join(__dirname, 'analysisWorker.js'), { env: withCacheFolder(cacheFolder) });
  let id = 0;
  const ask = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const t0 = performance.now();
      const onMessage = (m: { type: string; id: number; error?: { message: string } }): void => {
        if (m.id !== mine || m.type === 'progress') return;
        worker.off('message', onMessage);
        if (m.type === 'failure') reject(new Error(m.error?.message));
        else resolve(performance.now() - t0);
      };
      worker.on('message', onMessage);
      worker.postMessage({
        type: 'request',
        id: mine,
        method: 'analyze',
        params: { file, options: { inputs: { kind: 'random', seed: 0, steps: DEFAULT_STEPS } } },
      });
    });
  try {
    const first = await ask();
    const second = await ask();
    return { first, second };
  } finally {
    await worker.terminate();
  }
}

export async function benchColdStart(folder: string): Promise<ColdStartResult> {
  const file = join(folder, `rnn_${COLD_START.n}.safetensors`);
  writeModel(file);
  const cli = join(__dirname, 'cli.js');
  const script = join(__dirname, '..', 'scripts', 'bench', 'numpy_reference.py');
  const analyze = [cli, 'analyze', '--json', '--quiet', file];
  const withoutCache: number[] = [];
  let cacheFolder = '';
  for (let i = 0; i < COLD_START.firstRuns; i++) {
    cacheFolder = emptyCacheFolder(folder);
    const a = processMs(process.execPath, analyze, withCacheFolder(cacheFolder));
    if (a !== undefined) withoutCache.push(a);
  }
  // The last first run left its code cache in cacheFolder.
  const ours: number[] = [];
  const numpy: number[] = [];
  // Interleaved, so that a change in the machine's load falls on both.
  for (let i = 0; i < COLD_START.processes; i++) {
    const a = processMs(process.execPath, analyze, withCacheFolder(cacheFolder));
    if (a !== undefined) ours.push(a);
    const b = processMs('python3', [script, 'cold', file, String(DEFAULT_STEPS)], numpyEnv());
    if (b !== undefined) numpy.push(b);
  }
  const uncached = await workerTimes(file, emptyCacheFolder(folder));
  const firsts: number[] = [];
  const seconds: number[] = [];
  for (let i = 0; i < COLD_START.workers; i++) {
    const { first, second } = await workerTimes(file, cacheFolder);
    firsts.push(first);
    seconds.push(second);
  }
  return {
    processMs: median(ours),
    processWithoutCacheMs: median(withoutCache),
    ...(numpy.length > 0 ? { numpyProcessMs: median(numpy) } : {}),
    workerFirstMs: median(firsts),
    workerSecondMs: median(seconds),
    workerWithoutCacheFirstMs: uncached.first,
    workerWithoutCacheSecondMs: uncached.second,
    load: loadavg(),
  };
}

export function coldStartMarkdown(r: ColdStartResult): string[] {
  const { n, processes, workers, firstRuns } = COLD_START;
  const ratio = r.numpyProcessMs ? r.processMs / r.numpyProcessMs : undefined;
  const workerRatio = r.workerFirstMs / r.workerSecondMs;
  const uncachedRatio = r.numpyProcessMs ? r.processWithoutCacheMs / r.numpyProcessMs : undefined;
  const met = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'yes' : 'no');
  return [
    '',
    `## Cold start (an RNN, n = ${n}, T = ${DEFAULT_STEPS}, from a safetensors file)`,
    '',
    `Load average when these rows ended: ${r.load.map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min).`,
    '',
    '| task | ours (ms) | numpy (ms) | ratio | target | met |',
    '|---|---:|---:|---:|---:|---|',
    `| whole process: \`rnn-gradients analyze --json\` against python3 + numpy (median of ${processes}) | ${r.processMs.toFixed(0)} | ${r.numpyProcessMs?.toFixed(0) ?? ''} | ${ratio?.toFixed(2) ?? ''} | ≤ ${COLD_TARGETS.processRatio} | ${met(ratio === undefined ? undefined : ratio <= COLD_TARGETS.processRatio)} |`,
    `| the same, a first run without a code cache (median of ${firstRuns}) | ${r.processWithoutCacheMs.toFixed(0)} | | ${uncachedRatio?.toFixed(2) ?? ''} | | |`,
    `| a fresh analysis worker: first analysis against its second (median of ${workers} workers) | ${r.workerFirstMs.toFixed(0)} / ${r.workerSecondMs.toFixed(0)} | | ${workerRatio.toFixed(2)} | ≤ ${COLD_TARGETS.workerRatio} | ${met(workerRatio <= COLD_TARGETS.workerRatio)} |`,
    `| the same, one worker without a code cache | ${r.workerWithoutCacheFirstMs.toFixed(0)} / ${r.workerWithoutCacheSecondMs.toFixed(0)} | | ${(r.workerWithoutCacheFirstMs / r.workerWithoutCacheSecondMs).toFixed(2)} | | |`,
    '',
    "numpy's process: start python3, import numpy, read the file, eigenvalues, σ_max, the forward run and the Jacobian curve with both norms (a full SVD per lag), one BLAS thread; ours: start Node, the whole analysis (also the probe's gradient), the JSON written.",
    'Ours runs with the V8 code cache an earlier run wrote (README: Code cache), as a user’s runs do from the second on, and as numpy runs with the bytecode Python cached for it; the rows without it start from an empty cache folder.',
  ];
}

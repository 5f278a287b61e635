// The checkpoint row of `npm run bench`: a torch.save file of about 230 MB (a 20 000 × 256 embedding
// and a 2-layer LSTM of hidden size 2048, written by scripts/bench/torch_checkpoint.py into the bench's temporary
// folder, never committed), timed as the inspector lists it (the weights worker's first answer: names, shapes,
// dtypes and the tree) and as the analysis gets layer 0 ready (loadModel: its tensors decoded to float64), beside
// torch.load of the same file in the same run. Cold: a fresh Node process per run; warm: the median in this one.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../core/analysis/analyze-file';
import { DEFAULT_MAX_BYTES, DEFAULT_MEMORY_BUDGET, formatBytes, MemoryBudget } from '../core/formats/limits';
import { userFileSource } from '../core/io/readFile';
import { listWeightsFile } from '../core/inspect/list-file';
import { medianMs } from './median';

export const CHECKPOINT_TARGETS_MS = { list: 1000, ready: 1500 } as const;
const RUNS = 5;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join('scripts', 'bench', 'torch_checkpoint.py');

export type CheckpointStep = 'list' | 'ready';

/** One step, once: what a child process runs for the cold figures (and the parent, for the warm ones). */
export function checkpointStep(step: CheckpointStep, path: string): void {
  if (step === 'list') {
    const budget = new MemoryBudget(DEFAULT_MEMORY_BUDGET);
    const { rows } = listWeightsFile(path, userFileSource(path, DEFAULT_MAX_BYTES), {
      maxBytes: DEFAULT_MAX_BYTES,
      budget,
    });
    if (rows.length !== 9) throw new Error(`${path}: ${rows.length} tensors listed, not 9`);
  } else {
    const model = loadModel(path, { layer: 0 });
    if (model.hiddenSize !== 2048) throw new Error(`${path}: layer 0 has hidden size ${model.hiddenSize}`);
  }
}

export interface CheckpointBenchResult {
  readonly bytes: number;
  readonly listColdMs: number;
  readonly listWarmMs: number;
  readonly readyColdMs: number;
  readonly readyWarmMs: number;
  readonly torchVersion: string;
  readonly torch?: { readonly coldMs: number; readonly warmMs: number };
  readonly load: readonly number[];
}

/** undefined (having said why) when /usr/bin/python3 cannot make the file. */
export function benchCheckpoint(folder: string, benchScript: string): CheckpointBenchResult | undefined {
  const path = join(folder, 'lstm-2048-embedding.pt');
  const written = python(['write', path]);
  if (!written) return undefined;
  const { bytes, torch: torchVersion } = written as { bytes: number; torch: string };
  const cold = (step: CheckpointStep): number => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, [benchScript, '--checkpoint-step', step, path], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`the ${step} step failed: ${r.stderr}`);
      times.push((JSON.parse(r.stdout) as { ms: number }).ms);
    }
    return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  };
  const listColdMs = cold('list');
  const readyColdMs = cold('ready');
  const listWarmMs = medianMs(() => checkpointStep('list', path), RUNS);
  const readyWarmMs = medianMs(() => checkpointStep('ready', path), RUNS);
  // torch.load: the first load in each of RUNS processes (cold), and the median of the loads after it (warm).
  const torchRuns: { firstMs: number; medianMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = python(['load', path, '3']) as { firstMs: number; medianMs: number } | undefined;
    if (r) torchRuns.push(r);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const torch =
    torchRuns.length === RUNS
      ? { coldMs: median(torchRuns.map((r) => r.firstMs)), warmMs: median(torchRuns.map((r) => r.medianMs)) }
      : undefined;
  return {
    bytes,
    torchVersion,
    listColdMs,
    listWarmMs,
    readyColdMs,
    readyWarmMs,
    ...(torch ? { torch } : {}),
    load: loadavg(),
  };
}

function python(args: readonly string[]): unknown {
  const r = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    const why = r.error?.message ?? r.stderr.trim().split('\n').pop();
    console.warn(`checkpoint row skipped: ${PYTHON} ${SCRIPT} ${args[0]} failed (${why}); it needs torch`);
    return undefined;
  }
  return JSON.parse(r.stdout);
}

export function checkpointMarkdown(r: CheckpointBenchResult | undefined): string[] {
  const title = '## Checkpoint (torch.save of a 20 000 × 256 embedding and a 2-layer LSTM, hidden size 2048)';
  if (!r) return ['', title, '', `Not run: ${PYTHON} has no torch to write the file.`];
  const ratio = (ms: number, torch: number | undefined) => (torch ? `${(ms / torch).toFixed(2)}×` : '');
  const met = (ms: number, target: number) => (ms <= target ? 'yes' : 'no');
  const t = r.torch;
  return [
    '',
    `${title}, ${formatBytes(r.bytes)}`,
    '',
    '| task | cold (ms) | warm (ms) | torch.load cold / warm (ms) | ours / torch.load, cold | target (ms) | met (cold) |',
    '|---|---:|---:|---:|---:|---:|---|',
    `| listed in the inspector (the worker's first answer: names, shapes, dtypes, tree) | ${r.listColdMs.toFixed(0)} | ${r.listWarmMs.toFixed(0)} | ${t ? `${t.coldMs.toFixed(0)} / ${t.warmMs.toFixed(0)}` : ''} | ${ratio(r.listColdMs, t?.coldMs)} | ${CHECKPOINT_TARGETS_MS.list} | ${met(r.listColdMs, CHECKPOINT_TARGETS_MS.list)} |`,
    `| layer 0 ready for analysis (its tensors decoded to float64) | ${r.readyColdMs.toFixed(0)} | ${r.readyWarmMs.toFixed(0)} | | ${ratio(r.readyColdMs, t?.coldMs)} | ${CHECKPOINT_TARGETS_MS.ready} | ${met(r.readyColdMs, CHECKPOINT_TARGETS_MS.ready)} |`,
    '',
    `Median of ${RUNS} runs each. Cold: a fresh Node process per run (the file in the page cache, as after saving it); warm: the median in one process after a warm-up. torch.load (torch ${r.torchVersion}, one thread) reads and builds every tensor; ours reads the zip's directory and data.pkl to list, and only layer 0's storages to get it ready: the embedding and layer 1 are not read. Load average (1, 5, 15 min) at the end of the row: ${r.load.map((l) => l.toFixed(2)).join(', ')}.`,
  ];
}

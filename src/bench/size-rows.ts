// The per-size rows of `npm run bench` (also `--only sizes`): eigenvalues, σ_max, one n×n product, the Jacobian
// curve with both norms on one and two threads, and the whole analysis, for an RNN with W_hh ~ N(0, 1/n). Each
// figure is given warm (the median of RUNS calls in this process after a warm-up: what a long-lived worker
// waits for) and cold (the median of RUNS fresh processes, each timing its first call: what a first analysis
// waits for, without Node's own start), beside numpy's warm and first-call figures on the same matrices.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeModel } from '../core/analysis/analyze';
import { eigenvalues } from '../core/linalg/eigen';
import { gemm } from '../core/linalg/gemm';
import type { Matrix } from '../core/linalg/matrix';
import { sigmaMax } from '../core/linalg/svd';
import { helperThread, rowSplitterWith } from '../core/parallel/helper';
import { SeededNormal } from '../core/random';
import { runForward } from '../core/rnn/forward';
import { jacobianCurve } from '../core/rnn/jacobian';
import type { RnnModel } from '../core/rnn/model';
import { medianMs, RUNS } from './median';

/** Fresh processes stop early (at least one) once a figure's cold runs have taken this long: n = 1024's curves. */
const COLD_BUDGET_MS = 60_000;

export interface SizeCase {
  model: RnnModel;
  inputs: Float64Array[];
  derivative: Float64Array[];
  steps: number;
}

interface SizeTask {
  key: string;
  label: (steps: number) => string;
  /** numpy_reference.py's key for the same work, where numpy does it. */
  numpyKey?: string;
  threads: 1 | 2;
  run: (c: SizeCase) => unknown;
}

const TASKS: SizeTask[] = [
  {
    key: 'eigenvalues',
    label: () => 'eigenvalues',
    numpyKey: 'eigenvalues',
    threads: 1,
    run: (c) => eigenvalues(c.model.W_hh),
  },
  { key: 'sigmaMax', label: () => 'σ_max', numpyKey: 'sigmaMax', threads: 1, run: (c) => sigmaMax(c.model.W_hh) },
  {
    key: 'gemm',
    label: () => 'one n×n product',
    numpyKey: 'gemm',
    threads: 1,
    run: (c) => gemm(c.model.W_hh, c.model.W_hh),
  },
  {
    key: 'curveOne',
    label: (T) => `Jacobian curve T=${T}, both norms, one thread`,
    numpyKey: 'jacobianBoth',
    threads: 1,
    run: (c) => jacobianCurve(c.model.W_hh, c.derivative, c.steps),
  },
  {
    key: 'curveTwo',
    label: (T) => `Jacobian curve T=${T}, both norms, two threads`,
    threads: 2,
    run: (c) =>
      jacobianCurve(c.model.W_hh, c.derivative, c.steps, undefined, { rowSplitter: rowSplitterWith(helperThread()) }),
  },
  {
    key: 'wholeOne',
    label: (T) => `whole analysis T=${T}, one thread`,
    threads: 1,
    run: (c) =>
      analyzeModel(c.model, { inputs: c.inputs, h0: new Float64Array(c.model.hiddenSize) }, wholeOptions(c, false)),
  },
  {
    key: 'wholeTwo',
    label: (T) => `whole analysis T=${T}, two threads`,
    threads: 2,
    run: (c) =>
      analyzeModel(c.model, { inputs: c.inputs, h0: new Float64Array(c.model.hiddenSize) }, wholeOptions(c, true)),
  },
];

function wholeOptions(c: SizeCase, threads: boolean) {
  return { inputs: { kind: 'random' as const, seed: 1, steps: c.steps }, threads };
}

export function benchModel(n: number): RnnModel {
  const rng = new SeededNormal(n);
  const W: Matrix = { rows: n, cols: n, data: new Float64Array(n * n).map(() => rng.normal() / Math.sqrt(n)) };
  const m = 8;
  return {
    cell: 'rnn',
    activation: 'tanh',
    activationSource: 'file',
    hiddenSize: n,
    inputSize: m,
    W_hh: W,
    W_xh: { rows: n, cols: m, data: new Float64Array(n * m).map(() => rng.normal() * 0.3) },
    b_h: new Float64Array(n),
    tied: [],
    source: { file: `bench-${n}`, format: 'bench', layer: 0, direction: 'forward', layers: [] },
  };
}

/** The bench's RNN of size n, its inputs and its forward run: the same in every process (seeded). */
export function sizeCase(n: number, steps: number): SizeCase {
  const model = benchModel(n);
  const rng = new SeededNormal(1);
  const inputs = Array.from({ length: steps }, () => new Float64Array(model.inputSize).map(() => rng.normal()));
  const { derivative } = runForward(model, inputs, new Float64Array(n));
  return { model, inputs, derivative, steps };
}

/** W_hh and the derivatives of size n as numpy_reference.py reads them (W_n.f64, d_n.f64). */
export function writeSizeCase(folder: string, n: number, c: SizeCase): void {
  writeFileSync(join(folder, `W_${n}.f64`), new Uint8Array(c.model.W_hh.data.buffer));
  const d = new Float64Array(c.steps * n);
  c.derivative.forEach((row, t) => d.set(row, t * n));
  writeFileSync(join(folder, `d_${n}.f64`), new Uint8Array(d.buffer));
}

/** A child process's one cold figure: `bench.js --cold-row KEY N STEPS`. The helper thread is up before the clock starts. */
export async function coldRowChild(key: string, n: number, steps: number): Promise<number> {
  const task = TASKS.find((t) => t.key === key);
  if (!task) throw new Error(`--cold-row ${key}: no such task`);
  const c = sizeCase(n, steps);
  if (task.threads === 2) {
    const helper = helperThread();
    if (helper) {
      helper.ref(); // the helper is unref'd: without this, waiting for it would let the process end
      await once(helper, 'online');
      helper.unref();
    }
  }
  const t0 = performance.now();
  task.run(c);
  return performance.now() - t0;
}

export interface SizeRow {
  n: number;
  task: string;
  warmMs: number;
  coldMs?: number;
  coldRuns: number;
  numpyWarmMs?: number;
  numpyColdMs?: number;
}

type NumpySizes = Record<string, Record<string, { warm: number; cold: number }>>;

/** Every task at every size, warm here and cold in fresh processes of `benchScript`, with numpy's figures. */
export function benchSizeRows(
  cases: Map<number, SizeCase>,
  numpy: NumpySizes | undefined,
  benchScript: string,
  log: (line: string) => void = console.log,
): SizeRow[] {
  const rows: SizeRow[] = [];
  for (const [n, c] of cases) {
    for (const task of TASKS) {
      const warmMs = medianMs(() => task.run(c), RUNS);
      const cold = coldMs(benchScript, task.key, n, c.steps);
      const ref = task.numpyKey ? numpy?.[String(n)]?.[task.numpyKey] : undefined;
      const row: SizeRow = {
        n,
        task: task.label(c.steps),
        warmMs,
        coldMs: cold.ms,
        coldRuns: cold.runs,
        numpyWarmMs: ref?.warm,
        numpyColdMs: ref?.cold,
      };
      rows.push(row);
      log(
        `n=${n} ${row.task}: warm ${warmMs.toFixed(1)} ms, cold ${cold.ms?.toFixed(1) ?? '?'} ms${ref ? ` (numpy ${ref.warm.toFixed(1)} / ${ref.cold.toFixed(1)} ms)` : ''}`,
      );
    }
    const frobenius = numpy?.[String(n)]?.jacobianFrobenius;
    if (frobenius)
      rows.push({
        n,
        task: `numpy: Jacobian curve T=${c.steps}, Frobenius only`,
        warmMs: NaN,
        coldRuns: 0,
        numpyWarmMs: frobenius.warm,
        numpyColdMs: frobenius.cold,
      });
  }
  return rows;
}

function coldMs(benchScript: string, key: string, n: number, steps: number): { ms?: number; runs: number } {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < RUNS && (times.length === 0 || performance.now() - start < COLD_BUDGET_MS)) {
    const r = spawnSync(process.execPath, [benchScript, '--cold-row', key, String(n), String(steps)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) {
      console.warn(`cold ${key} n=${n} failed: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}`);
      break;
    }
    times.push((JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ms: number }).ms);
  }
  times.sort((a, b) => a - b);
  return { ms: times.length > 0 ? times[Math.floor(times.length / 2)] : undefined, runs: times.length };
}

/** The issue's targets on these rows: eigenvalues within 1.5× numpy; the n = 512 curve on two threads within 1.5× numpy's Frobenius chain. */
export const SIZE_TARGETS = { eigenvalueRatio: 1.5, curveRatio: 1.5, curveN: 512 } as const;

/** GFLOP/s a core of the SIMD ceiling (simd-ceiling.ts) for each kernel, where the run measured them. */
export interface ProductCeilings {
  plain?: number;
  fused?: number;
}

/**
 * The least time the curve's products alone can take on two cores at a ceiling: (lags − 1) products of 2n³ flops,
 * as a sentence beside numpy's chain, so that the target's reach is read from the machine rather than guessed.
 */
function curveBound(n: number, lags: number, numpyMs: number, ceilings: ProductCeilings): string | undefined {
  const gflop = (2 * n ** 3 * (lags - 1)) / 1e9;
  const bound = (name: string, perCore?: number): string | undefined => {
    if (!perCore) return undefined;
    const ms = (1000 * gflop) / (2 * perCore);
    return `${ms.toFixed(0)} ms with ${name} (${perCore.toFixed(1)} GFLOP/s a core), ${(ms / numpyMs).toFixed(2)}× numpy's chain`;
  };
  const parts = [bound('mul + add', ceilings.plain), bound('relaxed_madd', ceilings.fused)].filter(Boolean);
  if (parts.length === 0) return undefined;
  return (
    `The n = ${n} curve's ${lags - 1} products are ${gflop.toFixed(1)} GFLOP: on two cores at this machine's SIMD ` +
    `ceiling, with nothing else to do (no Lanczos, no packing), they take at least ${parts.join('; at least ')}.`
  );
}

export function sizeRowsMarkdown(rows: SizeRow[], ceilings: ProductCeilings = {}, lags?: number): string[] {
  const f = (ms?: number): string => (ms === undefined || Number.isNaN(ms) ? '' : ms.toFixed(1));
  const ratio = (ours?: number, ref?: number): string =>
    ours === undefined || Number.isNaN(ours) || !ref ? '' : `${(ours / ref).toFixed(2)}×`;
  const lines = [
    '| n | task | ours warm (ms) | ours cold (ms) | numpy warm (ms) | numpy first call (ms) | ratio warm | ratio cold |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const cold = r.coldRuns > 0 && r.coldRuns < RUNS ? `${f(r.coldMs)} (${r.coldRuns} runs)` : f(r.coldMs);
    lines.push(
      `| ${r.n} | ${r.task} | ${f(r.warmMs)} | ${cold} | ${f(r.numpyWarmMs)} | ${f(r.numpyColdMs)} | ${ratio(r.warmMs, r.numpyWarmMs)} | ${ratio(r.coldMs, r.numpyColdMs)} |`,
    );
  }
  lines.push(
    '',
    `Warm: the median of ${RUNS} calls in one process after a warm-up. Cold: the median of ${RUNS} fresh processes (fewer where marked: they stop after ${COLD_BUDGET_MS / 1000} s), each timing its first call once its helper thread is up. numpy: the median of its calls, and its first call of that size in its process.`,
  );
  const targets = [
    '',
    '| target | n | ours warm (ms) | numpy warm (ms) | ratio | limit | met |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows.filter((x) => x.task === 'eigenvalues' && x.numpyWarmMs)) {
    const q = r.warmMs / (r.numpyWarmMs as number);
    targets.push(
      `| eigenvalues | ${r.n} | ${f(r.warmMs)} | ${f(r.numpyWarmMs)} | ${q.toFixed(2)}× | ${SIZE_TARGETS.eigenvalueRatio}× | ${q <= SIZE_TARGETS.eigenvalueRatio ? 'yes' : 'no'} |`,
    );
  }
  const curve = rows.find((x) => x.n === SIZE_TARGETS.curveN && x.task.includes('both norms, two threads'));
  const chain = rows.find((x) => x.n === SIZE_TARGETS.curveN && x.task.startsWith('numpy: Jacobian curve'));
  if (curve && chain?.numpyWarmMs) {
    const q = curve.warmMs / chain.numpyWarmMs;
    targets.push(
      `| Jacobian curve, both norms, two threads, against numpy's Frobenius-only chain | ${curve.n} | ${f(curve.warmMs)} | ${f(chain.numpyWarmMs)} | ${q.toFixed(2)}× | ${SIZE_TARGETS.curveRatio}× | ${q <= SIZE_TARGETS.curveRatio ? 'yes' : 'no'} |`,
    );
    const bound = lags === undefined ? undefined : curveBound(curve.n, lags, chain.numpyWarmMs, ceilings);
    if (bound) targets.push('', bound);
  }
  return targets.length > 3 ? [...lines, ...targets] : lines;
}

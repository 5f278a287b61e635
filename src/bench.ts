// `npm run bench`: times the core on n = 64 … 1024 beside numpy on the same matrices in the same run, and writes
// BENCHMARKS.md. Options: --sizes 64,128 (default 64,128,256,512,1024), --steps T (default 100), --no-write;
// --gated-sizes 256,1024 (the LSTM/GRU rows; default 256,1024), --gated-only (those rows alone, printed, not written).
// --only lyapunov (just the Lyapunov rows, printed; BENCHMARKS.md is not rewritten); --only timeline likewise;
// --only gemm (GFLOP/s of one product at --sizes, default 256,1024, for the kernel this runtime picks, beside
// numpy; printed, not written); --only checkpoint (a 230 MB torch.save file listed and its layer 0 made ready,
// beside torch.load; printed, not written).
import { runNumpyReference } from './bench/numpy-reference';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { analyzeModel } from './core/analysis/analyze';
import { benchFormats, type FormatBenchResult } from './bench/formats';
import { benchGated, type GatedBenchRow } from './bench/gated';
import { benchGemmRate, gemmRateMarkdown } from './bench/gemm-rate';
import { benchLyapunov, lyapunovMarkdown, type LyapunovBenchRow } from './bench/lyapunov';
import { benchTimeline, timelineMarkdown } from './bench/timeline';
import { benchColdStart, coldStartMarkdown } from './bench/cold-start';
import { benchCheckpoint, checkpointMarkdown, checkpointStep, type CheckpointStep } from './bench/checkpoint';
import { medianMs } from './bench/median';
import { benchEigen, eigenColdChild, eigenMarkdown } from './bench/eigen';
import { eigenvalues } from './core/linalg/eigen';
import { gemm } from './core/linalg/gemm';
import type { Matrix } from './core/linalg/matrix';
import { sigmaMax } from './core/linalg/svd';
import { SeededNormal } from './core/random';
import { runForward } from './core/rnn/forward';
import { jacobianCurve } from './core/rnn/jacobian';
import { helperThread, rowSplitterWith } from './core/parallel/helper';
import type { RnnModel } from './core/rnn/model';

interface Row {
  n: number;
  task: string;
  oursMs: number;
  numpyMs?: number;
}

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const sizes = (option('sizes') ?? '64,128,256,512,1024').split(',').map(Number);
const steps = Number(option('steps') ?? 100);
const gatedSizes = (option('gated-sizes') ?? '256,1024').split(',').map(Number);
const gatedOnly = argv.includes('--gated-only');

/** The issue's targets for the whole gated analysis on two threads. */
const GATED_TARGETS = [
  { task: 'LSTM', n: 256, ms: 1500, row: 'whole analysis' },
  { task: 'GRU', n: 256, ms: 400, row: 'whole analysis' },
  { task: 'LSTM', n: 1024, ms: 15000, row: 'whole analysis' },
  { task: 'LSTM stack', n: 256, ms: 8000, row: 'whole stack of 2 layers' },
];

function gatedMarkdown(rows: GatedBenchRow[]): string[] {
  const lines = [
    '',
    `## Gated cells (LSTM state s = (h, c), GRU; W ~ N(0, 1/n), 32 N(0, 1) inputs, T = ${steps})`,
    '',
    '| n | task | ours (ms) | numpy (ms) | ratio |',
    '|---:|---|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = r.numpyMs ? `${(r.oursMs / r.numpyMs).toFixed(2)}×` : '';
    lines.push(`| ${r.n} | ${r.task} | ${r.oursMs.toFixed(1)} | ${r.numpyMs?.toFixed(1) ?? ''} | ${ratio} |`);
  }
  lines.push('', '| cell | n | target, two threads (ms) | measured (ms) | met |', '|---|---:|---:|---:|---|');
  for (const t of GATED_TARGETS) {
    const row = rows.find((r) => r.n === t.n && r.task.startsWith(`${t.task}: ${t.row} T=${steps}`));
    if (row)
      lines.push(`| ${t.task} | ${t.n} | ${t.ms} | ${row.oursMs.toFixed(1)} | ${row.oursMs <= t.ms ? 'yes' : 'no'} |`);
  }
  lines.push(
    '',
    "numpy's chain is the same forward run and one product J·A_t per lag with Frobenius norms (the LSTM's diagonal c columns elementwise), from the same weights and inputs.",
  );
  return lines;
}

function benchModel(n: number): RnnModel {
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

function lyapunovRows(folder: string): LyapunovBenchRow[] {
  const rows = benchLyapunov(folder);
  for (const r of rows)
    console.log(
      `${r.task}, ${r.threads} thread${r.threads === 1 ? '' : 's'}: cold ${r.coldMs.toFixed(0)} ms, warm ${r.oursMs.toFixed(0)} ms${r.numpyMs ? ` (numpy ${r.numpyMs.toFixed(0)} ms)` : ''}`,
    );
  return rows;
}

async function timelineLines(folder: string): Promise<string[]> {
  const r = await benchTimeline(folder);
  console.log(
    `timeline: cold ${r.coldMs.toFixed(0)} ms on ${r.threads} threads (serial ${r.serialMs.toFixed(0)} ms), from the cache ${r.cachedMs.toFixed(0)} ms${r.numpyMs ? ` (numpy ${r.numpyMs.toFixed(0)} ms)` : ''}`,
  );
  return timelineMarkdown(r);
}

async function coldStartLines(folder: string): Promise<string[]> {
  const r = await benchColdStart(folder);
  console.log(
    `cold start: whole process ${r.processMs.toFixed(0)} ms${r.numpyProcessMs ? ` (numpy ${r.numpyProcessMs.toFixed(0)} ms)` : ''}, worker first ${r.workerFirstMs.toFixed(0)} ms, second ${r.workerSecondMs.toFixed(0)} ms`,
  );
  return coldStartMarkdown(r);
}

const CHECKPOINT_STEPS = new Set<string>(['list', 'ready']);

function checkpointLines(folder: string): string[] {
  const r = benchCheckpoint(folder, process.argv[1]);
  if (r)
    console.log(
      `checkpoint: listed ${r.listColdMs.toFixed(0)} ms cold, layer 0 ready ${r.readyColdMs.toFixed(0)} ms cold${r.torch ? ` (torch.load ${r.torch.coldMs.toFixed(0)} ms)` : ''}`,
    );
  return checkpointMarkdown(r);
}

async function main(): Promise<void> {
  // A child of the checkpoint row: one step, once, in a fresh process (the cold figures).
  const step = option('checkpoint-step');
  if (step !== undefined) {
    if (!CHECKPOINT_STEPS.has(step)) throw new Error(`--checkpoint-step ${step}: expected list or ready`);
    const path = argv[argv.indexOf('--checkpoint-step') + 2];
    const t0 = performance.now();
    checkpointStep(step as CheckpointStep, path);
    console.log(JSON.stringify({ ms: performance.now() - t0 }));
    return;
  }
  // A child of the eigenvalue row: one call in a fresh process (the cold figure).
  const eigenCold = option('eigen-cold');
  if (eigenCold !== undefined) {
    eigenColdChild(eigenCold, Number(argv[argv.indexOf('--eigen-cold') + 2]));
    return;
  }
  const only = option('only');
  // A Map, not an object: `--only __proto__` must find nothing.
  const onlyRows = new Map<string, (folder: string) => string[] | Promise<string[]>>([
    ['timeline', timelineLines],
    ['cold', coldStartLines],
    [
      'gemm',
      (folder) => gemmRateMarkdown(benchGemmRate(folder, (option('sizes') ?? '256,1024').split(',').map(Number))),
    ],
    [
      'lyapunov',
      (folder) => {
        const load = (): string =>
          loadavg()
            .map((l) => l.toFixed(2))
            .join(', ');
        const before = load();
        const lines = lyapunovMarkdown(lyapunovRows(folder));
        return [...lines, '', `Load average (1, 5, 15 min): ${before} at the start, ${load()} at the end.`];
      },
    ],
    ['checkpoint', checkpointLines],
    [
      'eigen',
      (folder) => {
        const before = loadavg();
        return eigenMarkdown(benchEigen(folder, sizes, process.argv[1]), before);
      },
    ],
  ]);
  const onlyThese = only === undefined ? undefined : onlyRows.get(only);
  if (onlyThese) {
    const folder = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
    try {
      console.log((await onlyThese(folder)).join('\n'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return;
  }
  helperThread(); // starts loading now; the two-thread rows below use it
  const folder = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
  const rows: Row[] = [];
  if (gatedOnly) {
    try {
      console.log(gatedMarkdown(benchGated(folder, gatedSizes, steps)).join('\n'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return;
  }
  try {
    const models = new Map<number, { model: RnnModel; inputs: Float64Array[]; derivative: Float64Array[] }>();
    for (const n of sizes) {
      const model = benchModel(n);
      const rng = new SeededNormal(1);
      const inputs = Array.from({ length: steps }, () => new Float64Array(model.inputSize).map(() => rng.normal()));
      const { derivative } = runForward(model, inputs, new Float64Array(n));
      models.set(n, { model, inputs, derivative });
      writeFileSync(join(folder, `W_${n}.f64`), new Uint8Array(model.W_hh.data.buffer));
      const d = new Float64Array(steps * n);
      derivative.forEach((row, t) => d.set(row, t * n));
      writeFileSync(join(folder, `d_${n}.f64`), new Uint8Array(d.buffer));
    }
    console.log('reading 1024×1024 weights files…');
    const formats = benchFormats(folder);
    const numpy = runNumpy(folder, formats);
    for (const n of sizes) {
      const { model, inputs, derivative } = models.get(n)!;
      const repeat = n <= 256 ? 5 : n <= 512 ? 3 : 1;
      const ref = numpy?.sizes[String(n)];
      const add = (task: string, oursMs: number, key?: string) => {
        rows.push({ n, task, oursMs, numpyMs: key && ref ? ref[key] : undefined });
        console.log(`n=${n} ${task}: ${oursMs.toFixed(1)} ms${key && ref ? ` (numpy ${ref[key].toFixed(1)} ms)` : ''}`);
      };
      add(
        'eigenvalues',
        medianMs(() => eigenvalues(model.W_hh), repeat),
        'eigenvalues',
      );
      add(
        'σ_max',
        medianMs(() => sigmaMax(model.W_hh), repeat),
        'sigmaMax',
      );
      add(
        'one n×n product',
        medianMs(() => gemm(model.W_hh, model.W_hh), repeat),
        'gemm',
      );
      add(
        `Jacobian curve T=${steps}, both norms, one thread`,
        medianMs(() => jacobianCurve(model.W_hh, derivative, steps), n <= 512 ? 3 : 1),
        'jacobianBoth',
      );
      add(
        `Jacobian curve T=${steps}, both norms, two threads`,
        medianMs(
          () =>
            jacobianCurve(model.W_hh, derivative, steps, undefined, { rowSplitter: rowSplitterWith(helperThread()) }),
          n <= 512 ? 3 : 1,
        ),
      );
      // The worker is long-lived, so a warm run is what a user waits for after the first one.
      const whole = (threads: boolean) => () =>
        analyzeModel(
          model,
          { inputs, h0: new Float64Array(n) },
          { inputs: { kind: 'random', seed: 1, steps }, threads },
        );
      add(`whole analysis T=${steps}, one thread`, medianMs(whole(false), n <= 512 ? 3 : 1));
      add(`whole analysis T=${steps}, two threads`, medianMs(whole(true), n <= 512 ? 5 : 1));
      if (ref)
        rows.push({
          n,
          task: `numpy: Jacobian curve T=${steps}, Frobenius only`,
          oursMs: NaN,
          numpyMs: ref.jacobianFrobenius,
        });
    }
    const gatedRows = benchGated(folder, gatedSizes, steps);
    const lyapunov = lyapunovRows(folder);
    const timeline = await timelineLines(folder);
    const gemmRates = gemmRateMarkdown(benchGemmRate(folder, [256, 1024]));
    const checkpoint = checkpointLines(folder);
    const coldStart = await coldStartLines(folder);
    const report =
      markdown(rows, numpy, formats) +
      gatedMarkdown(gatedRows).join('\n') +
      '\n' +
      lyapunovMarkdown(lyapunov).join('\n') +
      '\n' +
      timeline.join('\n') +
      '\n' +
      gemmRates.join('\n') +
      '\n' +
      checkpoint.join('\n') +
      '\n' +
      coldStart.join('\n') +
      '\n';
    if (!argv.includes('--no-write')) writeFileSync('BENCHMARKS.md', report);
    console.log(`\n${report}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface NumpyResult {
  numpy: string;
  blas?: unknown;
  sizes: Record<string, Record<string, number>>;
  formats?: { safetensors: number; json: number; npyLoad: number };
}

function runNumpy(folder: string, formats: FormatBenchResult): NumpyResult | undefined {
  return runNumpyReference('matrix', [
    folder,
    sizes.join(','),
    String(steps),
    `${formats.files.safetensors},${formats.files.json}`,
  ]);
}

function markdown(rows: Row[], numpy: NumpyResult | undefined, formats: FormatBenchResult): string {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${process.version}.`,
    numpy
      ? `Reference: numpy ${numpy.numpy} on the same matrices in the same run, one BLAS thread${numpy.blas ? ` (${JSON.stringify(numpy.blas)})` : ''}.`
      : 'Reference: numpy was not available in this run.',
    `Matrices: W_hh ~ N(0, 1/n), tanh, T = ${steps} steps of N(0, 1) inputs. Times are medians in milliseconds; ratio = ours / numpy.`,
    `Load average when the run ended: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min): other work on this 2-core machine slows both sides.`,
    '',
    '| n | task | ours (ms) | numpy (ms) | ratio |',
    '|---:|---|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ours = Number.isNaN(r.oursMs) ? '' : r.oursMs.toFixed(1);
    const ref = r.numpyMs === undefined ? '' : r.numpyMs.toFixed(1);
    const ratio = r.numpyMs && !Number.isNaN(r.oursMs) ? `${(r.oursMs / r.numpyMs).toFixed(2)}×` : '';
    lines.push(`| ${r.n} | ${r.task} | ${ours} | ${ref} | ${ratio} |`);
  }
  const targets = [
    { n: 256, ms: 300 },
    { n: 512, ms: 2000 },
  ];
  lines.push(
    '',
    `## Targets: the whole analysis (eigenvalues, both curves, the gradient; T = ${steps})`,
    '',
    '| n | target (ms) | one thread (ms) | two threads (ms) | met |',
    '|---:|---:|---:|---:|---|',
  );
  for (const t of targets) {
    const time = (suffix: string) =>
      rows.find((r) => r.n === t.n && r.task === `whole analysis T=${steps}, ${suffix}`)?.oursMs;
    const one = time('one thread');
    const two = time('two threads');
    if (one === undefined || two === undefined) continue;
    lines.push(`| ${t.n} | ${t.ms} | ${one.toFixed(1)} | ${two.toFixed(1)} | ${two <= t.ms ? 'yes' : 'no'} |`);
  }
  lines.push(
    '',
    'Two threads: a helper thread computes the eigenvalues and takes row chunks of each Jacobian product while the analysis thread runs Lanczos for ‖J(l)‖₂ (same numbers, bit for bit). numpy runs on one BLAS thread throughout.',
  );
  const f = numpy?.formats;
  const ratio = (ours: number, ref: number | undefined) => (ref ? `${(ours / ref).toFixed(2)}×` : '');
  lines.push(
    '',
    `## Reading weights (${formats.n}×${formats.n} float32, the same files)`,
    '',
    '| file | ours (ms) | target (ms) | numpy (ms) | ratio |',
    '|---|---:|---:|---:|---:|',
    `| safetensors | ${formats.safetensorsMs.toFixed(1)} | ${formats.targetsMs.safetensors} | ${f ? f.safetensors.toFixed(1) : ''} | ${ratio(formats.safetensorsMs, f?.safetensors)} |`,
    `| JSON | ${formats.jsonMs.toFixed(1)} | ${formats.targetsMs.json} | ${f ? f.json.toFixed(1) : ''} | ${ratio(formats.jsonMs, f?.json)} |`,
    ...(f ? [`| numpy.load of the same matrix as .npy | | | ${f.npyLoad.toFixed(1)} | |`] : []),
    '',
    "numpy's safetensors time is header parsing plus np.frombuffer and a float64 copy (what our reader does); its JSON time is json.load plus np.array.",
  );
  lines.push(
    '',
    'numpy\'s "both norms" computes ‖J‖₂ by a full SVD per lag; ours by Lanczos bidiagonalisation warm-started from the previous lag.',
  );
  return lines.join('\n') + '\n';
}

void main();

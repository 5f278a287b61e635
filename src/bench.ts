// `npm run bench`: times the core on n = 64 … 1024 beside numpy on the same matrices in the same run, and writes
// BENCHMARKS.md. Options: --sizes 64,128 (default 64,128,256,512,1024), --steps T (default 100), --no-write;
// --gated-sizes 256,1024 (the LSTM/GRU rows; default 256,1024), --gated-only (those rows alone, printed, not written).
// --only lyapunov (just the Lyapunov rows, printed; BENCHMARKS.md is not rewritten); --only timeline likewise;
// --only gemm (GFLOP/s of one product at --sizes, default 256,1024, for the kernel this runtime picks, beside
// numpy; printed, not written); --only checkpoint (a 230 MB torch.save file listed and its layer 0 made ready,
// beside torch.load; printed, not written); --only sizes (the per-size rows at --sizes, warm and cold, beside numpy;
// printed, not written). Internal: --cold-row KEY N T and --checkpoint-step STEP FILE run one cold figure in a child;
// --gemm-child FOLDER SIZES runs the relaxed_madd product rows in a child with relaxed SIMD switched on.
import { runNumpyReference } from './bench/numpy-reference';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchFormats, type FormatBenchResult } from './bench/formats';
import { benchGated, type GatedBenchRow } from './bench/gated';
import { benchGemmRate, gemmRateChild, gemmRateMarkdown, productCeilings } from './bench/gemm-rate';
import { benchLyapunov, lyapunovMarkdown, type LyapunovBenchRow } from './bench/lyapunov';
import { benchTimeline, timelineMarkdown } from './bench/timeline';
import { benchColdStart, coldStartMarkdown } from './bench/cold-start';
import { gemmKernelName } from './core/linalg/gemm-wasm';
import { helperThread } from './core/parallel/helper';
import {
  benchSizeRows,
  coldRowChild,
  sizeCase,
  sizeRowsMarkdown,
  writeSizeCase,
  type ProductCeilings,
  type SizeCase,
  type SizeRow,
} from './bench/size-rows';
import { benchCheckpoint, checkpointMarkdown, checkpointStep, type CheckpointStep } from './bench/checkpoint';
import { benchEigen, eigenColdChild, eigenMarkdown } from './bench/eigen';

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
    `cold start: whole process ${r.processMs.toFixed(0)} ms${r.numpyProcessMs ? ` (numpy ${r.numpyProcessMs.toFixed(0)} ms)` : ''}, worker first ${r.workerFirstMs.toFixed(0)} ms, second ${r.workerSecondMs.toFixed(0)} ms; without a code cache: process ${r.processWithoutCacheMs.toFixed(0)} ms, worker first ${r.workerWithoutCacheFirstMs.toFixed(0)} ms`,
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

/** The bench's RNN at every --sizes size, with W_n.f64 and d_n.f64 written for numpy. */
function sizeCases(folder: string): Map<number, SizeCase> {
  const cases = new Map<number, SizeCase>();
  for (const n of sizes) {
    const c = sizeCase(n, steps);
    writeSizeCase(folder, n, c);
    cases.set(n, c);
  }
  return cases;
}

/** Which kernels ran: the issue asks BENCHMARKS.md to say (SIMD, FMA). */
function kernelsLine(): string {
  return `Kernels in this run: the matrix product's ${gemmKernelName()} (Node ${process.version}).`;
}

function loadLine(): string {
  return `Load average when the run ended: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min): other work on this 2-core machine slows both sides.`;
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
  // A child of the product rows: the relaxed_madd kernel's figures, relaxed SIMD switched on.
  const gemmChild = option('gemm-child');
  if (gemmChild !== undefined) {
    gemmRateChild(gemmChild, argv[argv.indexOf('--gemm-child') + 2]);
    process.exit(0);
  }
  // A child of the eigenvalue row: one call in a fresh process (the cold figure).
  const eigenCold = option('eigen-cold');
  if (eigenCold !== undefined) {
    eigenColdChild(eigenCold, Number(argv[argv.indexOf('--eigen-cold') + 2]));
    return;
  }
  // A child of the per-size rows: one task's first call in a fresh process (the cold figures).
  const coldRow = option('cold-row');
  if (coldRow !== undefined) {
    const [n, T] = argv.slice(argv.indexOf('--cold-row') + 2).map(Number);
    console.log(JSON.stringify({ ms: await coldRowChild(coldRow, n, T) }));
    process.exit(0); // the helper thread is unref'd, but say it plainly: one figure, then gone
  }
  const only = option('only');
  // A Map, not an object: `--only __proto__` must find nothing.
  const onlyRows = new Map<string, (folder: string) => string[] | Promise<string[]>>([
    ['timeline', timelineLines],
    ['cold', coldStartLines],
    [
      'gemm',
      (folder) =>
        gemmRateMarkdown(
          benchGemmRate(folder, (option('sizes') ?? '256,1024').split(',').map(Number), process.argv[1]),
        ),
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
    [
      'sizes',
      (folder) => {
        const cases = sizeCases(folder);
        const numpy = runNumpyReference<NumpyResult>('matrix', [folder, sizes.join(','), String(steps)]);
        return [
          kernelsLine(),
          loadLine(),
          '',
          ...sizeRowsMarkdown(benchSizeRows(cases, numpy?.sizes, process.argv[1])),
        ];
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
  if (gatedOnly) {
    try {
      console.log(gatedMarkdown(benchGated(folder, gatedSizes, steps)).join('\n'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return;
  }
  try {
    const cases = sizeCases(folder);
    console.log('reading 1024×1024 weights files…');
    const formats = benchFormats(folder);
    const numpy = runNumpy(folder, formats);
    const rows = benchSizeRows(cases, numpy?.sizes, process.argv[1]);
    const gatedRows = benchGated(folder, gatedSizes, steps);
    const lyapunov = lyapunovRows(folder);
    const timeline = await timelineLines(folder);
    const rates = benchGemmRate(folder, [256, 1024], process.argv[1]);
    const gemmRates = gemmRateMarkdown(rates);
    const checkpoint = checkpointLines(folder);
    const coldStart = await coldStartLines(folder);
    const report =
      markdown(rows, numpy, formats, productCeilings(rates)) +
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
  sizes: Record<string, Record<string, { warm: number; cold: number }>>;
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

function markdown(
  rows: SizeRow[],
  numpy: NumpyResult | undefined,
  formats: FormatBenchResult,
  ceilings: ProductCeilings,
): string {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${process.version}.`,
    kernelsLine(),
    numpy
      ? `Reference: numpy ${numpy.numpy} on the same matrices in the same run, one BLAS thread${numpy.blas ? ` (${JSON.stringify(numpy.blas)})` : ''}.`
      : 'Reference: numpy was not available in this run.',
    `Matrices: W_hh ~ N(0, 1/n), tanh, T = ${steps} steps of N(0, 1) inputs. Times are medians in milliseconds; ratio = ours / numpy.`,
    loadLine(),
    '',
    ...sizeRowsMarkdown(rows, ceilings, steps),
  ];
  const targets = [
    { n: 256, ms: 300 },
    { n: 512, ms: 2000 },
  ];
  lines.push(
    '',
    `## Targets: the whole analysis (eigenvalues, both curves, the gradient; T = ${steps})`,
    '',
    '| n | target (ms) | one thread, warm (ms) | two threads, warm (ms) | two threads, cold (ms) | met (warm) |',
    '|---:|---:|---:|---:|---:|---|',
  );
  for (const t of targets) {
    const row = (suffix: string) => rows.find((r) => r.n === t.n && r.task === `whole analysis T=${steps}, ${suffix}`);
    const one = row('one thread');
    const two = row('two threads');
    if (one === undefined || two === undefined) continue;
    lines.push(
      `| ${t.n} | ${t.ms} | ${one.warmMs.toFixed(1)} | ${two.warmMs.toFixed(1)} | ${two.coldMs?.toFixed(1) ?? ''} | ${two.warmMs <= t.ms ? 'yes' : 'no'} |`,
    );
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

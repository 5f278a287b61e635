// The eigenvalue row of `npm run bench` (`--only eigen`, sizes from `--sizes`): all eigenvalues of W ~ N(0, 1/n),
// ours warm (median of 5 after the warm-up) and cold (the first call in a fresh process: `bench.js --eigen-cold
// <file> <n>`, median of 5 processes), beside numpy.linalg.eigvals warm and cold (its first call on that size) in
// the same run, on one OpenBLAS thread (scripts/bench/numpy_reference.py eigen, through runNumpyReference).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { eigenvalues } from '../core/linalg/eigen';
import { wasmEigenAvailable } from '../core/linalg/eigen-wasm';
import { SeededNormal } from '../core/random';
import { medianMs, RUNS } from './median';
import { runNumpyReference } from './numpy-reference';

/** The issue's target: ours within 1.5× numpy's eigvals, warm, at every size. */
export const EIGEN_TARGET_RATIO = 1.5;
const WARM_REPEAT = RUNS;
const COLD_PROCESSES = RUNS;

export interface EigenBenchRow {
  n: number;
  warmMs: number;
  coldMs?: number;
  numpyWarmMs?: number;
  numpyColdMs?: number;
}

function matrix(n: number): Float64Array {
  const rng = new SeededNormal(n);
  const scale = 1 / Math.sqrt(n);
  return Float64Array.from({ length: n * n }, () => scale * rng.normal());
}

/** In the child `bench.js --eigen-cold <file> <n>`: one timed call, printed as {"ms": …}. */
export function eigenColdChild(file: string, n: number): void {
  const data = new Float64Array(new Uint8Array(readFileSync(file)).buffer);
  const t0 = performance.now();
  eigenvalues({ rows: n, cols: n, data });
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
}

function coldMs(benchScript: string, file: string, n: number): number | undefined {
  const times: number[] = [];
  for (let i = 0; i < COLD_PROCESSES; i++) {
    const r = spawnSync(process.execPath, [benchScript, '--eigen-cold', file, String(n)], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.warn(`eigen cold n=${n} failed: ${r.stderr.trim().split('\n').pop()}`);
      return undefined;
    }
    times.push((JSON.parse(r.stdout) as { ms: number }).ms);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export function benchEigen(folder: string, sizes: readonly number[], benchScript: string): EigenBenchRow[] {
  const rows: EigenBenchRow[] = [];
  for (const n of sizes) {
    const data = matrix(n);
    const file = join(folder, `W_${n}.f64`);
    writeFileSync(file, new Uint8Array(data.buffer));
    const coldMsN = coldMs(benchScript, file, n);
    const warmMs = medianMs(() => eigenvalues({ rows: n, cols: n, data }), WARM_REPEAT);
    rows.push({ n, warmMs, coldMs: coldMsN });
    console.log(`eigen n=${n}: warm ${warmMs.toFixed(2)} ms, cold ${coldMsN?.toFixed(2) ?? '?'} ms`);
  }
  const numpy = runNumpyReference<Record<string, { cold: number; warm: number }>>('eigenvalues', [
    'eigen',
    folder,
    sizes.join(','),
    String(WARM_REPEAT),
  ]);
  for (const r of rows) {
    r.numpyWarmMs = numpy?.[r.n]?.warm;
    r.numpyColdMs = numpy?.[r.n]?.cold;
  }
  return rows;
}

export function eigenMarkdown(rows: EigenBenchRow[], loadBefore: number[]): string[] {
  const f = (x: number | undefined): string => (x === undefined ? '' : x < 10 ? x.toFixed(2) : x.toFixed(1));
  const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
    a !== undefined && b ? a / b : undefined;
  const lines = [
    '',
    '## Eigenvalues (all, of W ~ N(0, 1/n); numpy.linalg.eigvals on one OpenBLAS thread)',
    '',
    `Kernels: ${wasmEigenAvailable() ? 'WebAssembly (balancing, the SIMD Hessenberg reduction, the Francis QR loop with aggressive early deflation)' : 'JavaScript'}.`,
    '',
    '| n | ours warm (ms) | numpy warm (ms) | ratio | target | met | ours cold (ms) | numpy cold (ms) | cold ratio |',
    '|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  for (const r of rows) {
    const warm = ratio(r.warmMs, r.numpyWarmMs);
    const cold = ratio(r.coldMs, r.numpyColdMs);
    lines.push(
      `| ${r.n} | ${f(r.warmMs)} | ${f(r.numpyWarmMs)} | ${warm === undefined ? '' : `${warm.toFixed(2)}×`} | ` +
        `${EIGEN_TARGET_RATIO}× | ${warm === undefined ? '' : warm <= EIGEN_TARGET_RATIO ? 'yes' : 'no'} | ` +
        `${f(r.coldMs)} | ${f(r.numpyColdMs)} | ${cold === undefined ? '' : `${cold.toFixed(2)}×`} |`,
    );
  }
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(', ');
  lines.push(
    '',
    `Warm: median of ${WARM_REPEAT} after the warm-up. Cold: ours is the first call in a fresh process (median of ${COLD_PROCESSES} processes), numpy's its first call on that size after import.`,
    `Load average (1, 5, 15 min): ${load(loadBefore)} at the start, ${load(loadavg())} at the end.`,
  );
  return lines;
}

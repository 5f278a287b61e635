// `npm run bench -- --only gemm`: GFLOP/s of one n×n product per core for the kernel this runtime picks (plain
// WebAssembly SIMD, relaxed_madd, or JavaScript), beside numpy's W @ W on one OpenBLAS thread on the same
// matrix in the same run. Cold = the first product of that size in this process (the first size also pays for
// assembling the kernel); warm = the median of 7 after medianMs' warm-up.
import { runNumpyReference } from './numpy-reference';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gemm } from '../core/linalg/gemm';
import { gemmKernelName } from '../core/linalg/gemm-wasm';
import type { Matrix } from '../core/linalg/matrix';
import { SeededNormal } from '../core/random';
import { gemmGflops } from './linalg';
import { medianMs } from './median';
import { simdCeiling, type SimdCeiling } from './simd-ceiling';

const REPEAT = 7;

export interface GemmRateRow {
  n: number;
  coldMs: number;
  warmMs: number;
  numpyColdMs?: number;
  numpyWarmMs?: number;
}

export interface GemmRates {
  rows: GemmRateRow[];
  ceiling?: SimdCeiling;
}

export function benchGemmRate(folder: string, sizes: number[]): GemmRates {
  const rows: GemmRateRow[] = [];
  const matrices = new Map<number, Matrix>();
  for (const n of sizes) {
    const rng = new SeededNormal(n);
    const w: Matrix = {
      rows: n,
      cols: n,
      data: Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n)),
    };
    writeFileSync(join(folder, `W_${n}.f64`), new Uint8Array(w.data.buffer));
    matrices.set(n, w);
  }
  for (const n of sizes) {
    const w = matrices.get(n) as Matrix;
    const c: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    const t0 = performance.now();
    gemm(w, w, c);
    const coldMs = performance.now() - t0;
    rows.push({ n, coldMs, warmMs: medianMs(() => gemm(w, w, c), REPEAT) });
  }
  const numpy = numpyGemm(folder, sizes);
  for (const r of rows) {
    r.numpyColdMs = numpy?.[r.n]?.cold;
    r.numpyWarmMs = numpy?.[r.n]?.warm;
  }
  return { rows, ceiling: simdCeiling() };
}

function numpyGemm(folder: string, sizes: number[]): Record<number, { cold: number; warm: number }> | undefined {
  return runNumpyReference('gemm', ['gemm', folder, sizes.join(','), String(REPEAT)]);
}

export function gemmRateMarkdown({ rows, ceiling }: GemmRates): string[] {
  const rate = (n: number, ms?: number): string => (ms === undefined ? '' : gemmGflops(n, ms).toFixed(1));
  const fused = gemmKernelName().includes('relaxed_madd');
  const roof = fused ? ceiling?.fused : ceiling?.plain;
  const ofRoof = (n: number, ms: number): string => (roof ? `${Math.round((100 * gemmGflops(n, ms)) / roof)} %` : '');
  const lines = [
    '',
    `## One n×n product, GFLOP/s a core (2n³ flops; kernel: ${gemmKernelName()}; Node ${process.version})`,
    '',
    `Load average when these rows ended: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} (1 / 5 / 15 min). Warm = median of ${REPEAT}; cold = the first product of that size in the process.`,
    '',
    '| n | ours warm | of the ceiling | numpy warm | ours / numpy | ours cold | numpy cold |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = r.numpyWarmMs ? `${(r.numpyWarmMs / r.warmMs).toFixed(2)}` : '';
    lines.push(
      `| ${r.n} | ${rate(r.n, r.warmMs)} | ${ofRoof(r.n, r.warmMs)} | ${rate(r.n, r.numpyWarmMs)} | ${ratio} | ${rate(r.n, r.coldMs)} | ${rate(r.n, r.numpyColdMs)} |`,
    );
  }
  if (ceiling) {
    const fusedText =
      ceiling.fused === undefined
        ? 'no relaxed SIMD in this runtime'
        : `${ceiling.fused.toFixed(1)} fused (relaxed_madd)`;
    lines.push(
      '',
      `Ceiling of WebAssembly SIMD on this core (12 independent f64x2 multiply-adds in registers, no memory, best of 5): ${ceiling.plain.toFixed(1)} GFLOP/s with mul + add, ${fusedText}. "Of the ceiling" compares the kernel that ran with its own ceiling.`,
    );
  }
  return lines;
}

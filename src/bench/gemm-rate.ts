// `npm run bench -- --only gemm`: GFLOP/s of one n×n product per core, beside numpy's W @ W on one OpenBLAS
// thread on the same matrix in the same run, for each WebAssembly SIMD kernel this machine can run: the one
// this runtime picks, and, where this runtime has no relaxed SIMD, the relaxed_madd kernel in a child of the same
// Node with --experimental-wasm-relaxed-simd (on by default in Node 22+ and in VS Code's Electron). Cold = the
// first product of that size in its process (the first size also pays for assembling the kernel); warm = the
// median of 7 after medianMs' warm-up. Each kernel is judged against the ceiling measured in its own process.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gemm } from '../core/linalg/gemm';
import { gemmKernelName, relaxedSimdAvailable } from '../core/linalg/gemm-wasm';
import type { Matrix } from '../core/linalg/matrix';
import { SeededNormal } from '../core/random';
import { gemmGflops } from './linalg';
import { medianMs } from './median';
import { runNumpyReference } from './numpy-reference';
import { simdCeiling, type SimdCeiling } from './simd-ceiling';
import type { ProductCeilings } from './size-rows';

const REPEAT = 7;
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';

/** The targets, GFLOP/s a core: plain SIMD at n = 256 and 1024, relaxed_madd at n = 1024. */
const TARGETS = [
  { n: 256, fused: false, gflops: 20 },
  { n: 1024, fused: false, gflops: 26 },
  { n: 1024, fused: true, gflops: 35 },
];

export interface GemmRateRow {
  n: number;
  coldMs: number;
  warmMs: number;
}

/** One kernel's rows, measured in one process. */
export interface KernelRates {
  kernel: string;
  fused: boolean;
  /** The Node version and the flags it ran with. */
  node: string;
  rows: GemmRateRow[];
  ceiling?: SimdCeiling;
}

export interface GemmRates {
  kernels: KernelRates[];
  numpy?: Record<number, { cold: number; warm: number }>;
  /** Why a kernel is missing, where one is. */
  missing?: string;
}

function matrixFile(folder: string, n: number): string {
  return join(folder, `W_${n}.f64`);
}

/** The rows of the kernel this process picks, on the matrices benchGemmRate wrote. */
export function kernelRates(folder: string, sizes: readonly number[]): KernelRates {
  const matrices = sizes.map((n): Matrix => {
    const bytes = readFileSync(matrixFile(folder, n));
    const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { rows: n, cols: n, data };
  });
  const rows = matrices.map((w): GemmRateRow => {
    const n = w.rows;
    const c: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    const t0 = performance.now();
    gemm(w, w, c);
    const coldMs = performance.now() - t0;
    return { n, coldMs, warmMs: medianMs(() => gemm(w, w, c), REPEAT) };
  });
  const fused = relaxedSimdAvailable();
  // The runtime as it ran: the child's relaxed-SIMD flag is in its execArgv, not guessed from the version.
  const node = [process.version, ...process.execArgv].join(' ');
  return { kernel: gemmKernelName(), fused, node, rows, ceiling: simdCeiling() };
}

/** `--gemm-child FOLDER SIZES`: kernelRates as one JSON line (run with RELAXED_FLAG by benchGemmRate). */
export function gemmRateChild(folder: string, sizes: string): void {
  console.log(JSON.stringify(kernelRates(folder, sizes.split(',').map(Number))));
}

export function benchGemmRate(folder: string, sizes: number[], benchScript: string): GemmRates {
  for (const n of sizes) {
    const rng = new SeededNormal(n);
    const data = Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
    writeFileSync(matrixFile(folder, n), new Uint8Array(data.buffer));
  }
  const kernels = [kernelRates(folder, sizes)];
  let missing: string | undefined;
  if (!relaxedSimdAvailable()) {
    const child = spawnSync(process.execPath, [RELAXED_FLAG, benchScript, '--gemm-child', folder, sizes.join(',')], {
      encoding: 'utf8',
    });
    const line = child.stdout?.trim().split('\n').pop();
    try {
      const rates = JSON.parse(line ?? '') as KernelRates;
      if (rates.fused) kernels.push(rates);
      else missing = `Node ${process.version} with ${RELAXED_FLAG} still has no relaxed SIMD`;
    } catch {
      missing = `the relaxed-SIMD child failed: ${(child.stderr ?? '').trim().split('\n').pop() ?? child.status}`;
    }
  }
  return { kernels, numpy: runNumpyReference('gemm', ['gemm', folder, sizes.join(','), String(REPEAT)]), missing };
}

/** Each kernel's ceiling as measured in its own process: plain from the plain kernel's, fused from the fused one's. */
export function productCeilings({ kernels }: GemmRates): ProductCeilings {
  return {
    plain: kernels.find((k) => !k.fused)?.ceiling?.plain,
    fused: kernels.find((k) => k.fused)?.ceiling?.fused,
  };
}

export function gemmRateMarkdown({ kernels, numpy, missing }: GemmRates): string[] {
  const rate = (n: number, ms?: number): string => (ms === undefined ? '' : gemmGflops(n, ms).toFixed(1));
  const roofOf = (k: KernelRates): number | undefined => (k.fused ? k.ceiling?.fused : k.ceiling?.plain);
  const lines = [
    '',
    `## One n×n product, GFLOP/s a core (2n³ flops)`,
    '',
    `Load average when these rows ended: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} (1 / 5 / 15 min). Warm = median of ${REPEAT}; cold = the first product of that size in the process.`,
    '',
    '| kernel | Node | n | ours warm | of the ceiling | numpy warm | ours / numpy | ours cold | numpy cold |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const k of kernels) {
    const roof = roofOf(k);
    for (const r of k.rows) {
      const np = numpy?.[r.n];
      const ofRoof = roof ? `${Math.round((100 * gemmGflops(r.n, r.warmMs)) / roof)} %` : '';
      const ratio = np ? (np.warm / r.warmMs).toFixed(2) : '';
      lines.push(
        `| ${k.kernel} | ${k.node} | ${r.n} | ${rate(r.n, r.warmMs)} | ${ofRoof} | ${rate(r.n, np?.warm)} | ${ratio} | ${rate(r.n, r.coldMs)} | ${rate(r.n, np?.cold)} |`,
      );
    }
  }
  lines.push('', '| target | n | kernel | ours warm | target | ceiling | met |', '|---|---:|---|---:|---:|---:|---|');
  for (const t of TARGETS) {
    const k = kernels.find((candidate) => candidate.fused === t.fused);
    const row = k?.rows.find((r) => r.n === t.n);
    const roof = k ? roofOf(k) : undefined;
    const ours = row ? gemmGflops(t.n, row.warmMs) : undefined;
    const met =
      ours === undefined
        ? 'not measured'
        : ours >= t.gflops
          ? 'yes'
          : roof !== undefined && roof < t.gflops
            ? 'no: the target is above the ceiling'
            : 'no';
    lines.push(
      `| one product, ${t.fused ? 'relaxed_madd' : 'plain SIMD'} | ${t.n} | ${k?.kernel ?? ''} | ${ours?.toFixed(1) ?? ''} | ${t.gflops} | ${roof?.toFixed(1) ?? ''} | ${met} |`,
    );
  }
  lines.push(
    '',
    `Ceiling: the best of loops of 8, 10 and 12 independent f64x2 multiply-adds (one operand loaded from L1, the ` +
      `other in a register, nothing an optimiser can hoist; best of 5 runs each), measured in each kernel's process: ` +
      kernels
        .map((k) => `${roofOf(k)?.toFixed(1) ?? '?'} GFLOP/s for ${k.fused ? 'relaxed_madd' : 'mul + add'}`)
        .join(', ') +
      '. "Of the ceiling" compares each kernel with its own.' +
      (missing ? ` No relaxed_madd rows: ${missing}.` : ''),
  );
  return lines;
}

// Timings of the dense linear algebra for `npm run bench`: eigenvalues, σ_max and one n×n product per size,
// each the median of a few runs on a seeded Glorot-scaled Gaussian matrix (what an RNN's W_hh looks like),
// after a warm-up. A first (cold) call in a fresh process is several times slower while V8 compiles.
import { eigenvalues } from '../core/linalg/eigen';
import { gemm } from '../core/linalg/gemm';
import type { Matrix } from '../core/linalg/matrix';
import { sigmaMax } from '../core/linalg/svd';
import { warmUpLinalg } from '../core/linalg/warmup';

export interface LinalgTiming {
  /** 'eigenvalues' | 'sigmaMax' | 'gemm' | 'gemm-js' */
  name: string;
  n: number;
  ms: number;
}

export async function benchLinalg(sizes: number[]): Promise<LinalgTiming[]> {
  const out: LinalgTiming[] = [];
  // Let the JIT compile every code path first (the blocked Hessenberg and aggressive deflation need
  // n ≥ 100): numpy's LAPACK is compiled ahead of time, so cold JavaScript would not compare like with like.
  const warm = glorot(160, 3);
  for (let i = 0; i < 2; i++) {
    warmUpLinalg();
    gemm(warm, warm, undefined, { javascriptOnly: true });
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const n of sizes) {
    const a = glorot(n, 1);
    const b = glorot(n, 2);
    const c: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    // Fewer repeats where one run takes seconds; the first gemm run also compiles the kernel.
    const repeats = n <= 256 ? 5 : n <= 512 ? 3 : 1;
    out.push({ name: 'eigenvalues', n, ms: await median(() => eigenvalues(a), repeats) });
    out.push({ name: 'sigmaMax', n, ms: await median(() => sigmaMax(a), repeats) });
    out.push({ name: 'gemm', n, ms: await median(() => gemm(a, b, c), repeats + 2) });
    out.push({ name: 'gemm-js', n, ms: await median(() => gemm(a, b, c, { javascriptOnly: true }), repeats) });
  }
  return out;
}

/** GFLOP/s of an n×n product that took `ms`. */
export function gemmGflops(n: number, ms: number): number {
  return (2 * n ** 3) / (ms * 1e6);
}

async function median(f: () => unknown, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await new Promise((resolve) => setImmediate(resolve)); // let progress output and cancellation through
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)];
}

/** Entries N(0, 1/n) from a seeded generator (mulberry32 + Box–Muller), so runs compare like with like. */
function glorot(n: number, seed: number): Matrix {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const data = new Float64Array(n * n);
  const scale = 1 / Math.sqrt(n);
  for (let i = 0; i < data.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const t = 2 * Math.PI * uniform();
    data[i] = r * Math.cos(t) * scale;
    if (i + 1 < data.length) data[i + 1] = r * Math.sin(t) * scale;
  }
  return { rows: n, cols: n, data };
}

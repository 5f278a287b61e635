// A fresh process runs our kernels several times slower until V8 has compiled them (and boxes every
// intermediate double meanwhile, which keeps the garbage collector busy). Calling this once at start-up,
// e.g. when a worker is created and before the user asks for anything, moves that cost out of the way.
import { eigenvalues } from './eigen';
import { gemm } from './gemm';
import type { Matrix } from './matrix';
import { sigmaMax } from './svd';

/** Exercise every code path once on small matrices (≈ 0.1–0.3 s). Returns a value so nothing is optimised away. */
export function warmUpLinalg(rounds = 4): number {
  // n = 130 takes the blocked Hessenberg reduction and aggressive deflation, like large matrices do.
  const n = 130;
  let s = 12345;
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) {
    s = (s * 16807) % 2147483647;
    data[i] = (s / 2147483647 - 0.5) / Math.sqrt(n);
  }
  const a: Matrix = { rows: n, cols: n, data };
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    sink += eigenvalues(a).length;
    sink += sigmaMax(a);
    sink += gemm(a, a).data[0];
  }
  return sink;
}

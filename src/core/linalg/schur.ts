// Small dense helpers with the orthogonal factor kept, for aggressive early deflation: the real Schur
// form of an upper Hessenberg matrix, and the Householder reduction to Hessenberg form.
import { francisSweep, negligible, shiftPair } from './francis';

/**
 * In place: t (m×m upper Hessenberg, row-major) becomes quasi-triangular Zᵀ t Z with 1×1 and 2×2
 * diagonal blocks, and z (m×m) becomes z·Z. False if the sweep budget ran out (t, z are then unusable).
 */
export function schurInPlace(t: Float64Array, m: number, z: Float64Array, maxSweeps = 30 * Math.max(10, m)): boolean {
  let hi = m - 1;
  let sweeps = 0;
  let sinceDeflation = 0;
  while (hi >= 0) {
    let lo = hi;
    while (lo > 0 && !negligible(t, m, lo)) lo--;
    if (lo > 0) t[lo * m + lo - 1] = 0;
    if (lo >= hi - 1) {
      hi = lo - 1; // a 1×1 or 2×2 block is done
      sinceDeflation = 0;
      continue;
    }
    if (++sweeps > maxSweeps) return false;
    sinceDeflation++;
    const [sa, sb, sc, sd] = shiftPair(t, m, lo, hi, sinceDeflation);
    francisSweep(t, m, lo, hi, sa, sb, sc, sd, z);
  }
  return true;
}

/** In place: a (s×s) ← Qᵀ a Q upper Hessenberg, and q (s×s) ← q·Q. */
export function hessenbergWithVectors(a: Float64Array, s: number, q: Float64Array): void {
  const v = new Float64Array(s);
  for (let k = 0; k < s - 2; k++) {
    const alpha = a[(k + 1) * s + k];
    let sigma = 0;
    for (let i = k + 2; i < s; i++) sigma += a[i * s + k] * a[i * s + k];
    if (sigma === 0) continue;
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    v.fill(0);
    v[k + 1] = 1;
    for (let i = k + 2; i < s; i++) v[i] = a[i * s + k] * inv;
    // Left, rows k+1..: a ← (I − τ v vᵀ) a
    for (let j = k; j < s; j++) {
      let d = 0;
      for (let i = k + 1; i < s; i++) d += v[i] * a[i * s + j];
      d *= tau;
      for (let i = k + 1; i < s; i++) a[i * s + j] -= d * v[i];
    }
    // Right, columns k+1..: a ← a (I − τ v vᵀ), and the same for q.
    for (const mat of [a, q]) {
      for (let r = 0; r < s; r++) {
        let d = 0;
        for (let i = k + 1; i < s; i++) d += mat[r * s + i] * v[i];
        d *= tau;
        for (let i = k + 1; i < s; i++) mat[r * s + i] -= d * v[i];
      }
    }
    for (let i = k + 2; i < s; i++) a[i * s + k] = 0;
  }
}

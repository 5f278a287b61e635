// Seeded random matrices drawn the way each init draws them, for checking the predictions against reality.
import { zeros, type Matrix } from '../../../src/core/linalg/matrix';
import { SeededNormal } from '../../../src/core/random';

export function iidMatrix(n: number, seed: number, draw: (rng: SeededNormal) => number): Matrix {
  const rng = new SeededNormal(seed);
  const m = zeros(n, n);
  for (let i = 0; i < m.data.length; i++) m.data[i] = draw(rng);
  return m;
}

export const normalEntries =
  (std: number) =>
  (rng: SeededNormal): number =>
    std * rng.normal();
export const uniformEntries =
  (a: number) =>
  (rng: SeededNormal): number =>
    a * (2 * rng.uniform() - 1);

/** gain × Q, Q orthogonal: modified Gram–Schmidt, done twice, on the columns of a Gaussian matrix. */
export function orthogonalMatrix(n: number, seed: number, gain: number): Matrix {
  const g = iidMatrix(n, seed, normalEntries(1));
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = g.data[i * n + j];
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= dot * q[i];
      }
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
  }
  const m = zeros(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) m.data[i * n + j] = gain * cols[j][i];
  return m;
}

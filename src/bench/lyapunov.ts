// The Lyapunov rows of `npm run bench`: Benettin's method on an RNN (n = 256) and an LSTM (n = 256, state 512),
// k = 64, T = 1000 after the default warm-up of 100, beside numpy running the same algorithm on the same weights and
// inputs (scripts/bench/numpy_reference.py lyapunov). One cold run each: a run is seconds long.
import { runNumpyReference } from './numpy-reference';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../core/linalg/matrix';
import { SeededNormal } from '../core/random';
import type { LstmModel } from '../core/rnn/gated-model';
import type { RnnModel } from '../core/rnn/model';
import { lyapunovSpectrum } from '../core/rnn/lyapunov/benettin';
import { seededInputs } from '../core/rnn/lyapunov/input-stream';
import { DEFAULT_WARMUP } from '../core/rnn/lyapunov/settings';

export const LYAPUNOV_BENCH = { n: 256, inputSize: 8, k: 64, steps: 1000 } as const;
/** Targets for the whole run (warm-up included), in milliseconds. */
export const LYAPUNOV_TARGETS_MS = { rnn: 1500, lstm: 5000 } as const;

export interface LyapunovBenchRow {
  cell: 'rnn' | 'lstm';
  task: string;
  oursMs: number;
  numpyMs?: number;
  lambda1: number;
  numpyLambda1?: number;
}

const source = { file: 'bench', format: 'bench', layer: 0, direction: 'forward' as const, layers: [] };

function benchMatrices(seed: number) {
  const rng = new SeededNormal(seed);
  return (rows: number, cols: number, scale: number): Matrix => ({
    rows,
    cols,
    data: new Float64Array(rows * cols).map(() => rng.normal() * scale),
  });
}

export function benchLyapunov(folder: string): LyapunovBenchRow[] {
  const { n, inputSize: m, k, steps } = LYAPUNOV_BENCH;
  const matrix = benchMatrices(n);
  // Gain 1.5: past the edge of chaos without inputs; the inputs pull λ₁ back below 0.
  const rnn: RnnModel = {
    cell: 'rnn',
    activation: 'tanh',
    activationSource: 'file',
    hiddenSize: n,
    inputSize: m,
    W_hh: matrix(n, n, 1.5 / Math.sqrt(n)),
    W_xh: matrix(n, m, 0.3),
    b_h: new Float64Array(n),
    tied: [],
    source,
  };
  const lstm: LstmModel = {
    cell: 'lstm',
    hiddenSize: n,
    outputSize: n,
    inputSize: m,
    W_ih: matrix(4 * n, m, 0.3),
    W_hh: matrix(4 * n, n, 1.5 / Math.sqrt(n)),
    b: new Float64Array(4 * n),
    source,
  };
  const total = DEFAULT_WARMUP + steps;
  const inputs = seededInputs(1, m);
  const x = new Float64Array(total * m);
  for (let t = 0; t < total; t++) x.set(inputs.next(), t * m);
  const write = (name: string, a: Float64Array) => writeFileSync(join(folder, name), new Uint8Array(a.buffer));
  write('ly_rnn_W_hh.f64', rnn.W_hh.data);
  write('ly_rnn_W_xh.f64', rnn.W_xh.data);
  write('ly_lstm_W_ih.f64', lstm.W_ih.data);
  write('ly_lstm_W_hh.f64', lstm.W_hh.data);
  write('ly_x.f64', x);
  const numpy = runNumpyLyapunov(folder);
  const rows: LyapunovBenchRow[] = [];
  for (const model of [rnn, lstm]) {
    const t0 = performance.now();
    const run = lyapunovSpectrum({ layers: [model], tangentFrom: 0, inputs: seededInputs(1, m) }, { k, steps });
    const oursMs = performance.now() - t0;
    const ref = numpy?.[model.cell as 'rnn' | 'lstm'];
    rows.push({
      cell: model.cell as 'rnn' | 'lstm',
      task: `Lyapunov spectrum ${model.cell.toUpperCase()} n=${n} (state ${model.cell === 'lstm' ? 2 * n : n}), k=${k}, T=${steps} + warm-up ${DEFAULT_WARMUP}, one thread`,
      oursMs,
      lambda1: run.exponents[0],
      ...(ref ? { numpyMs: ref.ms, numpyLambda1: ref.lambda1 } : {}),
    });
  }
  return rows;
}

function runNumpyLyapunov(folder: string): Record<'rnn' | 'lstm', { ms: number; lambda1: number }> | undefined {
  const { n, inputSize, k, steps } = LYAPUNOV_BENCH;
  return runNumpyReference('Lyapunov', [
    'lyapunov',
    folder,
    String(n),
    String(inputSize),
    String(k),
    String(steps),
    String(DEFAULT_WARMUP),
  ]);
}

export function lyapunovMarkdown(rows: readonly LyapunovBenchRow[]): string[] {
  const lines = [
    '',
    '## Lyapunov spectrum (Benettin, QR every step; targets for the whole run)',
    '',
    '| task | ours (ms) | numpy (ms) | ratio | target (ms) | met | λ₁ ours | λ₁ numpy |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const r of rows) {
    const target = LYAPUNOV_TARGETS_MS[r.cell];
    const ratio = r.numpyMs ? `${(r.oursMs / r.numpyMs).toFixed(2)}×` : '';
    lines.push(
      `| ${r.task} | ${r.oursMs.toFixed(0)} | ${r.numpyMs?.toFixed(0) ?? ''} | ${ratio} | ${target} | ${r.oursMs <= target ? 'yes' : 'no'} | ${r.lambda1.toFixed(6)} | ${r.numpyLambda1?.toFixed(6) ?? ''} |`,
    );
  }
  lines.push(
    '',
    "Ours: one thread (the helper thread is not used by the Lyapunov run), one Cholesky QR pass per step with gemm; numpy: np.linalg.qr (Householder, one BLAS thread). The two λ₁ differ only where numpy's Q₀ (the identity's first k columns) and ours (seeded random) have not been forgotten after the warm-up.",
  );
  return lines;
}

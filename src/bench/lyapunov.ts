// The Lyapunov rows of `npm run bench`: Benettin's method on an RNN (n = 256) and an LSTM (n = 256, state 512),
// k = 64, T = 1000 after the default warm-up of 100, on one thread and on two (the helper thread), beside numpy
// running the same algorithm on the same weights and inputs (scripts/bench/numpy_reference.py lyapunov). Each
// row: the first run in the process (cold) and the median of REPEAT more (warm), numpy likewise.
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
import { helperThread, tangentSplitterWith } from '../core/parallel/helper';
import type { TangentSplitterFactory } from '../core/linalg/tangent-product';

/** Timed runs after the cold one, for the median. */
const REPEAT = 5;

export const LYAPUNOV_BENCH = { n: 256, inputSize: 8, k: 64, steps: 1000 } as const;
/** Targets for the whole run (warm-up included), in milliseconds. */
export const LYAPUNOV_TARGETS_MS = { rnn: 1500, lstm: 5000 } as const;

export interface LyapunovBenchRow {
  cell: 'rnn' | 'lstm';
  threads: 1 | 2;
  task: string;
  coldMs: number;
  /** The median of REPEAT runs after the cold one. */
  oursMs: number;
  numpyColdMs?: number;
  numpyMs?: number;
  lambda1: number;
  numpyLambda1?: number;
  /** Whether every exponent equals the one-thread run's (=== on each). */
  sameAsOneThread?: boolean;
  helperChunks?: string;
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
  const helper = helperThread(); // starts loading while numpy runs
  const numpy = runNumpyLyapunov(folder);
  const rows: LyapunovBenchRow[] = [];
  for (const model of [rnn, lstm]) {
    const cell = model.cell as 'rnn' | 'lstm';
    const ref = numpy?.[cell];
    let oneThread: number[] | undefined;
    for (const threads of [1, 2] as const) {
      const splitter: TangentSplitterFactory | undefined = threads === 2 ? tangentSplitterWith(helper) : undefined;
      const once = () =>
        lyapunovSpectrum(
          { layers: [model], tangentFrom: 0, inputs: seededInputs(1, m), ...(splitter ? { threads: splitter } : {}) },
          { k, steps },
        );
      const t0 = performance.now();
      const run = once();
      const coldMs = performance.now() - t0;
      const times: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const t1 = performance.now();
        once();
        times.push(performance.now() - t1);
      }
      times.sort((a, b) => a - b);
      if (threads === 1) oneThread = run.exponents;
      rows.push({
        cell,
        threads,
        task: `Lyapunov spectrum ${cell.toUpperCase()} n=${n} (state ${cell === 'lstm' ? 2 * n : n}), k=${k}, T=${steps} + warm-up ${DEFAULT_WARMUP}`,
        coldMs,
        oursMs: times[Math.floor(times.length / 2)],
        lambda1: run.exponents[0],
        ...(threads === 2
          ? {
              sameAsOneThread: run.exponents.every((l, i) => l === oneThread?.[i]),
              helperChunks: `${run.chunks.onHelper} of ${run.chunks.total}`,
            }
          : {}),
        ...(ref ? { numpyColdMs: ref.coldMs, numpyMs: ref.ms, numpyLambda1: ref.lambda1 } : {}),
      });
    }
  }
  return rows;
}

function runNumpyLyapunov(
  folder: string,
): Record<'rnn' | 'lstm', { coldMs: number; ms: number; lambda1: number }> | undefined {
  const { n, inputSize, k, steps } = LYAPUNOV_BENCH;
  return runNumpyReference('Lyapunov', [
    'lyapunov',
    folder,
    String(n),
    String(inputSize),
    String(k),
    String(steps),
    String(DEFAULT_WARMUP),
    String(REPEAT),
  ]);
}

export function lyapunovMarkdown(rows: readonly LyapunovBenchRow[]): string[] {
  const lines = [
    '',
    '## Lyapunov spectrum (Benettin, QR every step; targets for the whole run on two threads)',
    '',
    `| task | threads | ours cold (ms) | ours warm, median of ${REPEAT} (ms) | numpy cold (ms) | numpy median of ${REPEAT} (ms) | ratio cold | ratio warm | target (ms) | met (warm) | λ₁ ours | λ₁ numpy | same bits as one thread |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|',
  ];
  const ratio = (ours: number, numpy?: number): string => (numpy ? `${(ours / numpy).toFixed(2)}×` : '');
  for (const r of rows) {
    const target = r.threads === 2 ? String(LYAPUNOV_TARGETS_MS[r.cell]) : '';
    const met = r.threads === 2 ? (r.oursMs <= LYAPUNOV_TARGETS_MS[r.cell] ? 'yes' : 'no') : '';
    const same =
      r.sameAsOneThread === undefined ? '' : `${r.sameAsOneThread ? 'yes' : 'NO'} (helper: ${r.helperChunks} chunks)`;
    lines.push(
      `| ${r.task} | ${r.threads} | ${r.coldMs.toFixed(0)} | ${r.oursMs.toFixed(0)} | ${r.numpyColdMs?.toFixed(0) ?? ''} | ${r.numpyMs?.toFixed(0) ?? ''} | ${ratio(r.coldMs, r.numpyColdMs)} | ${ratio(r.oursMs, r.numpyMs)} | ${target} | ${met} | ${r.lambda1.toFixed(6)} | ${r.numpyLambda1?.toFixed(6) ?? ''} | ${same} |`,
    );
  }
  lines.push(
    '',
    "Ours: one Cholesky QR pass per step; on two threads every step's products (A_t Q, the Gram partials, Q = X R⁻¹) are shared with the helper thread by row chunks. numpy: np.linalg.qr (Householder, one BLAS thread). The ratios compare our time with numpy's on one core, whatever our thread count. The two λ₁ differ only where numpy's Q₀ (the identity's first k columns) and ours (seeded random) have not been forgotten after the warm-up.",
  );
  return lines;
}

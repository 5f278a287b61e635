// The gated rows of `npm run bench`: the whole LSTM and GRU analyses (T steps, one and two threads) and the
// Jacobian chain alone (one product J·A_t per lag, Frobenius norms only) beside numpy running the same chain
// from the same weights and inputs (scripts/bench/numpy_reference.py gated …), for the ratio.
import { runNumpyReference } from './numpy-reference';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeModel } from '../core/analysis/analyze';
import { serialStepSplitter } from '../core/linalg/step-product';
import type { Matrix } from '../core/linalg/matrix';
import { SeededNormal } from '../core/random';
import { runCell } from '../core/rnn/cells';
import { stepOperand } from '../core/rnn/cells/step-operand';
import { stateSize, type GruModel, type LstmModel } from '../core/rnn/gated-model';
import { wholeStackCurves } from '../core/rnn/stack-jacobian';
import { medianMs, RUNS } from './median';

export interface GatedBenchRow {
  n: number;
  task: string;
  oursMs: number;
  numpyMs?: number;
}

const INPUT_SIZE = 32;

export function gatedBenchModel(cell: 'lstm' | 'gru', n: number): LstmModel | GruModel {
  const rng = new SeededNormal(n + (cell === 'lstm' ? 1 : 2));
  const matrix = (rows: number, cols: number, scale: number): Matrix => ({
    rows,
    cols,
    data: new Float64Array(rows * cols).map(() => scale * rng.normal()),
  });
  const vector = (length: number): Float64Array => new Float64Array(length).map(() => 0.1 * rng.normal());
  const source = { file: `bench-${cell}-${n}`, format: 'bench', layer: 0, direction: 'forward' as const, layers: [] };
  const m = INPUT_SIZE;
  if (cell === 'lstm')
    return {
      cell,
      hiddenSize: n,
      outputSize: n,
      inputSize: m,
      W_ih: matrix(4 * n, m, 1 / Math.sqrt(m)),
      W_hh: matrix(4 * n, n, 1 / Math.sqrt(n)),
      b: vector(4 * n),
      source,
    };
  return {
    cell,
    hiddenSize: n,
    inputSize: m,
    W_ih: matrix(3 * n, m, 1 / Math.sqrt(m)),
    W_hh: matrix(3 * n, n, 1 / Math.sqrt(n)),
    b_ih: vector(3 * n),
    b_hh: vector(3 * n),
    resetAfter: true,
    source,
  };
}

/** The chain alone: J(l+1) = (J(l)/‖J(l)‖_F)·A_{T−l}, Frobenius norms only, this thread (numpy's task). */
function jacobianChain(model: LstmModel | GruModel, inputs: Float64Array[]): number[] {
  const S = stateSize(model);
  const traj = runCell(model, inputs, new Float64Array(S));
  const operand = stepOperand(model, inputs, traj);
  const splitter = serialStepSplitter(S, operand.cols, operand.diagonalCols);
  const T = inputs.length;
  const { J, R, diagonal } = splitter.buffers;
  operand.write(T, 1, R[0], diagonal[0]);
  // J(1) = A_T: the identity times A_T.
  for (let i = 0; i < S; i++) J[1][i * S + i] = 1;
  splitter.publish({ source: 1, slot: 0, scale: 1 });
  let sumSq = splitter.complete();
  const norms: number[] = [];
  for (let l = 1; l <= T; l++) {
    const f = Math.sqrt(sumSq);
    norms.push(f);
    if (l === T) break;
    operand.write(T - l, 1, R[0], diagonal[0]);
    splitter.publish({ source: (l % 2 === 1 ? 0 : 1) as 0 | 1, slot: 0, scale: 1 / f });
    sumSq = splitter.complete();
  }
  return norms;
}

function writeModel(folder: string, model: LstmModel | GruModel, inputs: Float64Array[]): string {
  const rows = (m: Matrix): number[][] =>
    Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  const file = join(folder, `${model.cell}-${model.hiddenSize}.json`);
  const biases =
    model.cell === 'lstm' ? { b: Array.from(model.b) } : { b_ih: Array.from(model.b_ih), b_hh: Array.from(model.b_hh) };
  writeFileSync(
    file,
    JSON.stringify({
      cell: model.cell,
      W_ih: rows(model.W_ih),
      W_hh: rows(model.W_hh),
      ...biases,
      inputs: inputs.map((x) => Array.from(x)),
    }),
  );
  return file;
}

export function benchGated(folder: string, sizes: number[], steps: number): GatedBenchRow[] {
  const rows: GatedBenchRow[] = [];
  const cases: { cell: 'lstm' | 'gru'; n: number }[] = [];
  for (const n of sizes) cases.push({ cell: 'lstm', n }, ...(n <= 512 ? [{ cell: 'gru' as const, n }] : []));
  const prepared = cases.map(({ cell, n }) => {
    const model = gatedBenchModel(cell, n);
    const rng = new SeededNormal(7);
    const inputs = Array.from({ length: steps }, () => new Float64Array(INPUT_SIZE).map(() => rng.normal()));
    return { model, inputs, file: n <= 512 ? writeModel(folder, model, inputs) : undefined };
  });
  const files = prepared.flatMap((p) => (p.file ? [p.file] : []));
  const numpy = files.length > 0 ? runNumpyGated(files) : undefined;
  for (const { model, inputs, file } of prepared) {
    const n = model.hiddenSize;
    const name = model.cell.toUpperCase();
    const add = (task: string, oursMs: number, numpyMs?: number) => {
      rows.push({ n, task, oursMs, numpyMs });
      console.log(
        `${name} n=${n} ${task}: ${oursMs.toFixed(1)} ms${numpyMs ? ` (numpy ${numpyMs.toFixed(1)} ms)` : ''}`,
      );
    };
    const whole = (threads: boolean) => () =>
      analyzeModel(model, { inputs, h0: new Float64Array(n) }, { inputs: { kind: 'random', seed: 7, steps }, threads });
    const repeat = RUNS;
    if (file)
      add(
        `${name}: Jacobian chain T=${steps}, Frobenius only, one thread`,
        medianMs(() => jacobianChain(model, inputs), repeat),
        numpy?.[file],
      );
    const last = whole(true)();
    const label = last.jacobian.exact ? 'exact' : 'estimated';
    add(`${name}: whole analysis T=${steps}, two threads (${label})`, medianMs(whole(true), repeat));
    if (n <= 256) add(`${name}: whole analysis T=${steps}, one thread (${label})`, medianMs(whole(false), repeat));
  }
  if (sizes.includes(256)) {
    // The whole stack of a 2-layer LSTM (layer 1 on layer 0's outputs), the issue's 8 s target.
    const bottom = gatedBenchModel('lstm', 256) as LstmModel;
    const top: LstmModel = { ...(gatedBenchModel('lstm', 256) as LstmModel), inputSize: 256 };
    const rng = new SeededNormal(11);
    const W_ih = new Float64Array(4 * 256 * 256).map(() => rng.normal() / 16);
    const layers = [bottom, { ...top, W_ih: { rows: 4 * 256, cols: 256, data: W_ih } }];
    const rngInputs = new SeededNormal(7);
    const inputs = Array.from({ length: steps }, () => new Float64Array(INPUT_SIZE).map(() => rngInputs.normal()));
    const oursMs = medianMs(() => wholeStackCurves(layers, inputs, steps), RUNS);
    rows.push({ n: 256, task: `LSTM stack: whole stack of 2 layers T=${steps}, one thread`, oursMs });
    console.log(`LSTM stack n=256 whole stack of 2 layers T=${steps}: ${oursMs.toFixed(1)} ms`);
  }
  return rows;
}

function runNumpyGated(files: string[]): Record<string, number> | undefined {
  return runNumpyReference('gated', ['gated', ...files]);
}

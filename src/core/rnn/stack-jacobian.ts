// The whole stack of a unidirectional multi-layer network as one system: S_t = (s^0_t, …, s^{K−1}_t), and
// J(l) = ∂S_T/∂S_{T−l} = M_T · … · M_{T−l+1}, where the step Jacobian M_t is block lower-triangular: layer k's state
// depends on its own previous state and on what layer k − 1 hands it at the same step, h^{k−1}_t, which itself
// depends on every lower layer's previous state. Row block k of M_t is therefore
//   R_k = ∂s^k_t/∂s^k_{t−1} (at column block k) + ∂s^k_t/∂x^k_t · (the h rows of R_{k−1}),
// and J · M_t is accumulated from the top layer down without forming M_t (timesStackStep).
// Beside the full J(l): ∂h^{top}_T/∂h^0_{T−l}, the block through which the first layer learns from the loss.
// The running product is kept normalised with its scale as log10, as jacobian.ts does for one layer.
import { gemm } from '../linalg/gemm';
import { identity, vectorNorm, zeros, type Matrix } from '../linalg/matrix';
import { LOG10_2, scaleExponent, scaleInPlace } from '../linalg/scaling';
import { spectralNorm } from '../linalg/svd';
import { plain } from '../notation';
import { runCell, stepJacobians } from './cells';
import { stepOperand } from './cells/step-operand';
import { outputSizeOf, stateSize, type CellTrajectory, type LstmModel, type RecurrentModel } from './gated-model';
import { throwIfCancelled, type ComputeHooks } from './hooks';

export interface StackCurveLog10 {
  log10Frobenius: (number | null)[];
  log10Spectral: (number | null)[];
}

export interface WholeStackCurves {
  /** ∂S_T/∂S_{T−l}, S every layer's state. */
  jacobian: StackCurveLog10;
  /** ∂h^{top}_T/∂h^0_{T−l}. */
  topToBottom: StackCurveLog10;
}

/** A norm outside these is rescaled by a power of two before the next product divides by it. */
const SAFE_NORM = [1e-250, 1e250];

/**
 * @param layers the stack's layers, bottom first (one direction each: the whole stack is for unidirectional stacks)
 * @param inputs x_1 … x_T of layer 0
 */
export function wholeStackCurves(
  layers: readonly RecurrentModel[],
  inputs: readonly Float64Array[],
  lags: number,
  hooks?: ComputeHooks,
): WholeStackCurves {
  const T = inputs.length;
  if (!(lags >= 1 && lags <= T)) throw new RangeError(`lags ${lags} must be within 1..${T}`);
  const run = forwardThroughLayers(layers, inputs, hooks);
  const sizes = layers.map(stateSize);
  const offsets = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const S = sizes.reduce((a, b) => a + b, 0);
  const top = layers.length - 1;
  const topRows = { from: offsets[top], count: outputSizeOf(layers[top]) };
  const bottomColumns = { from: 0, count: outputSizeOf(layers[0]) };

  const jacobian: StackCurveLog10 = { log10Frobenius: [], log10Spectral: [] };
  const topToBottom: StackCurveLog10 = { log10Frobenius: [], log10Spectral: [] };
  let product: Matrix = timesStackStep(identity(S), layers, run, T, sizes, offsets);
  let logScale = 0;
  let zero = false;
  // J(l+1) = J(l)·M_{T−l} changes on the right, so its top left singular vector (the S_T side) moves least from
  // lag to lag: Lanczos starts from the previous lag's, for the whole J and for its top-to-bottom block alike.
  let startLeft: Float64Array | undefined;
  let blockStartLeft: Float64Array | undefined;
  for (let l = 1; l <= lags; l++) {
    throwIfCancelled(hooks);
    let f = zero ? 0 : vectorNorm(product.data);
    if (f !== 0 && !(f >= SAFE_NORM[0] && f <= SAFE_NORM[1])) {
      const e = scaleExponent(product.data) ?? 0;
      scaleInPlace(product.data, -e);
      logScale += e * LOG10_2;
      f = vectorNorm(product.data);
    }
    if (f === 0) {
      zero = true;
      for (const curve of [jacobian, topToBottom]) {
        curve.log10Frobenius.push(null);
        curve.log10Spectral.push(null);
      }
      continue;
    }
    const whole = spectralNorm(product, startLeft ? { startLeft } : {});
    startLeft = whole.leftVector;
    jacobian.log10Frobenius.push(logScale + Math.log10(f));
    jacobian.log10Spectral.push(whole.value > 0 ? logScale + Math.log10(whole.value) : null);
    const block = submatrix(product, topRows, bottomColumns);
    const blockF = vectorNorm(block.data);
    const blockS = blockF > 0 ? spectralNorm(block, blockStartLeft ? { startLeft: blockStartLeft } : {}) : undefined;
    blockStartLeft = blockS?.leftVector;
    topToBottom.log10Frobenius.push(blockF > 0 ? logScale + Math.log10(blockF) : null);
    topToBottom.log10Spectral.push(blockS && blockS.value > 0 ? logScale + Math.log10(blockS.value) : null);
    if (l < lags) {
      // J(l+1) = (J(l) / f) · M_{T−l}
      for (let i = 0; i < product.data.length; i++) product.data[i] /= f;
      logScale += Math.log10(f);
      product = timesStackStep(product, layers, run, T - l, sizes, offsets);
    }
    hooks?.onProgress?.(l / lags, `whole stack ${plain(`∂S_T/∂S_{T−${l}}`)}`);
  }
  return { jacobian, topToBottom };
}

interface LayerRun {
  inputs: readonly Float64Array[];
  trajectory: CellTrajectory;
  /** Products with the step Jacobian that skip its known zeros, where the cell has them. */
  structured?: { times(Y: Matrix, t: number): Matrix };
}

/** Each layer's forward run from s = 0, layer k on the outputs of layer k − 1. */
function forwardThroughLayers(
  layers: readonly RecurrentModel[],
  inputs: readonly Float64Array[],
  hooks?: ComputeHooks,
): LayerRun[] {
  const runs: LayerRun[] = [];
  let current = inputs;
  for (const model of layers) {
    throwIfCancelled(hooks);
    const trajectory = runCell(model, current, new Float64Array(stateSize(model)));
    const structured =
      model.cell === 'lstm' && !model.W_hr ? diagonalCellColumns(model, current, trajectory) : undefined;
    runs.push({ inputs: current, trajectory, ...(structured ? { structured } : {}) });
    current = trajectory.outputs;
  }
  return runs;
}

/**
 * J · M_t without forming M_t. Column block k of J·M_t is Y_k · ∂s^k_t/∂s^k_{t−1}, where Y_top = J's column block
 * of the top layer and, going down, Y_{k−1} = J's column block k − 1 plus Y_k · ∂s^k_t/∂x^k_t added into the
 * columns of h^{k−1} (layer k's input is h^{k−1}_t): each layer costs two products of J's height.
 */
function timesStackStep(
  J: Matrix,
  layers: readonly RecurrentModel[],
  runs: readonly LayerRun[],
  t: number,
  sizes: readonly number[],
  offsets: readonly number[],
): Matrix {
  const N = J.rows;
  const S = J.cols;
  const out = zeros(N, S);
  let Y = columnBlock(J, offsets[layers.length - 1], sizes[layers.length - 1]);
  for (let k = layers.length - 1; k >= 0; k--) {
    const step = stepJacobians(layers[k], runs[k].inputs, runs[k].trajectory, t);
    const block = runs[k].structured ? runs[k].structured!.times(Y, t) : gemm(Y, step.wrtState);
    for (let i = 0; i < N; i++) out.data.set(block.data.subarray(i * sizes[k], (i + 1) * sizes[k]), i * S + offsets[k]);
    if (k === 0) break;
    const below = columnBlock(J, offsets[k - 1], sizes[k - 1]);
    const through = gemm(Y, step.wrtInput); // N × (size of h^{k−1})
    const m = through.cols;
    for (let i = 0; i < N; i++) for (let j = 0; j < m; j++) below.data[i * sizes[k - 1] + j] += through.data[i * m + j];
    Y = below;
  }
  return out;
}

/**
 * Y · ∂s_t/∂s_{t−1} for an LSTM without a projection, whose c columns (∂h'/∂c, ∂c'/∂c) are diagonal: one product
 * Y · [∂h'/∂h; ∂c'/∂h] (N × 2n times 2n × n) for the h columns, O(N·n) for the c columns — half a dense product.
 */
function diagonalCellColumns(model: LstmModel, inputs: readonly Float64Array[], trajectory: CellTrajectory) {
  const operand = stepOperand(model, inputs, trajectory);
  const n = model.hiddenSize;
  const R = new Float64Array(operand.S * operand.cols);
  const diagonal = new Float64Array(2 * operand.diagonalCols);
  return {
    times(Y: Matrix, t: number): Matrix {
      operand.write(t, 1, R, diagonal);
      const hColumns = gemm(Y, { rows: operand.S, cols: n, data: R });
      const out = zeros(Y.rows, 2 * n);
      for (let i = 0; i < Y.rows; i++) {
        const y = i * 2 * n;
        for (let j = 0; j < n; j++) {
          out.data[y + j] = hColumns.data[i * n + j];
          out.data[y + n + j] = Y.data[y + j] * diagonal[j] + Y.data[y + n + j] * diagonal[n + j];
        }
      }
      return out;
    },
  };
}

function columnBlock(a: Matrix, from: number, count: number): Matrix {
  return submatrix(a, { from: 0, count: a.rows }, { from, count });
}

function submatrix(a: Matrix, rows: { from: number; count: number }, cols: { from: number; count: number }): Matrix {
  const out = zeros(rows.count, cols.count);
  for (let i = 0; i < rows.count; i++) {
    const from = (rows.from + i) * a.cols + cols.from;
    out.data.set(a.data.subarray(from, from + cols.count), i * cols.count);
  }
  return out;
}

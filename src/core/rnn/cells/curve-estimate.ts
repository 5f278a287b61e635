// The gated curves estimated where forming every J(l) would take too long. Gaussian probe rows Y = Zᵀ J(l) are
// pushed through Y ← Y · A_{T−l} (k·S·cols per lag instead of S²·cols), one set of k for the full state and, for
// an LSTM, one set on h's rows and one on c's rows, read on h's and c's columns for the two paths. Each set is
// normalised on its own (its log10 carried), so a fast-vanishing path does not underflow beside a slow one.
// ‖J‖_F² ≈ ‖Y‖_F²/k (Hutchinson, unbiased; about ±25 % for k = 32 on a well-spread J); ‖J‖₂ ≈ σ_max(Y)/√k,
// which lies between ‖J‖₂ and ‖J‖_F in expectation and is close to ‖J‖₂ when J(l) has a dominant direction.
import { gemm } from '../../linalg/gemm';
import { vectorNorm, type Matrix } from '../../linalg/matrix';
import { spectralNorm } from '../../linalg/svd';
import { plain } from '../../notation';
import { SeededNormal } from '../../random';
import { stateSize, type CellTrajectory, type GruModel, type LstmModel } from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import type { GatedCurves, Log10Curve } from './curve';
import { stepOperand } from './step-operand';

export const GATED_ESTIMATE_PROBES = 32;

interface ProbeSet {
  /** Rows of J probed: [r0, r1). */
  rows: [number, number];
  /** Columns read: [c0, c1). */
  cols: [number, number];
  logScale: number;
  zero: boolean;
  curve: Log10Curve;
}

export function estimatedGatedCurves(
  model: LstmModel | GruModel,
  inputs: readonly Float64Array[],
  trajectory: CellTrajectory,
  lags: number,
  probes = GATED_ESTIMATE_PROBES,
  seed = 0,
  hooks?: ComputeHooks,
): GatedCurves {
  const T = inputs.length;
  const S = stateSize(model);
  const P = model.cell === 'lstm' ? model.outputSize : S;
  const k = probes;
  const sets: ProbeSet[] = [[0, S, 0, S]]
    .concat(
      model.cell === 'lstm'
        ? [
            [0, P, 0, P],
            [P, S, P, S],
          ]
        : [],
    )
    .map(([r0, r1, c0, c1]) => ({
      rows: [r0, r1],
      cols: [c0, c1],
      logScale: 0,
      zero: false,
      curve: { log10Frobenius: [], log10Spectral: [] },
    }));
  const rng = new SeededNormal(seed);
  const rows = k * sets.length;
  // Y_0 = Zᵀ: probe set q's rows are Gaussian on its rows of J, zero elsewhere.
  let Y: Matrix = { rows, cols: S, data: new Float64Array(rows * S) };
  sets.forEach((set, q) => {
    for (let r = 0; r < k; r++)
      for (let j = set.rows[0]; j < set.rows[1]; j++) Y.data[(q * k + r) * S + j] = rng.normal();
  });
  const operand = stepOperand(model, inputs, trajectory);
  const R = new Float64Array(S * operand.cols);
  const diagonal = new Float64Array(2 * operand.diagonalCols);
  const dense: Matrix = { rows, cols: operand.cols, data: new Float64Array(rows * operand.cols) };
  let next: Matrix = { rows, cols: S, data: new Float64Array(rows * S) };
  const Rm: Matrix = { rows: S, cols: operand.cols, data: R };
  for (let l = 1; l <= lags; l++) {
    throwIfCancelled(hooks);
    operand.write(T - l + 1, 1, R, diagonal);
    gemm(Y, Rm, dense);
    const cols = operand.cols;
    const d = operand.diagonalCols;
    for (let r = 0; r < rows; r++) {
      next.data.set(dense.data.subarray(r * cols, (r + 1) * cols), r * S);
      for (let j = 0; j < d; j++)
        next.data[r * S + cols + j] = Y.data[r * S + j] * diagonal[j] + Y.data[r * S + cols + j] * diagonal[d + j];
    }
    [Y, next] = [next, Y];
    sets.forEach((set, q) => {
      const mine = Y.data.subarray(q * k * S, (q + 1) * k * S);
      const norm = set.zero ? 0 : vectorNorm(mine);
      if (norm === 0) {
        set.zero = true;
        set.curve.log10Frobenius.push(null);
        set.curve.log10Spectral.push(null);
        return;
      }
      for (let i = 0; i < mine.length; i++) mine[i] /= norm;
      set.logScale += Math.log10(norm);
      const [c0, c1] = set.cols;
      const width = c1 - c0;
      const read = new Float64Array(k * width);
      for (let r = 0; r < k; r++) read.set(mine.subarray(r * S + c0, r * S + c1), r * width);
      const f = vectorNorm(read);
      const s = f > 0 ? spectralNorm({ rows: k, cols: width, data: read }).value : 0;
      const half = 0.5 * Math.log10(k);
      set.curve.log10Frobenius.push(f > 0 ? set.logScale + Math.log10(f) - half : null);
      set.curve.log10Spectral.push(s > 0 ? set.logScale + Math.log10(s) - half : null);
    });
    hooks?.onProgress?.(l / lags, `Jacobian ${plain(`∂s_T/∂s_{T−${l}}`)} (estimated)`);
  }
  return {
    full: sets[0].curve,
    hidden: sets.length > 1 ? sets[1].curve : sets[0].curve,
    ...(sets.length > 1 ? { cell: sets[2].curve } : {}),
  };
}

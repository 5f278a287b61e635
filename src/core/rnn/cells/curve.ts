// The exact Jacobian curves of a gated cell along its trajectory: J(l) = ∂s_T/∂s_{T−l} = A_T ⋯ A_{T−l+1}, with
// J(l+1) = J(l) · A_{T−l}, one product per lag (an LSTM's diagonal c columns cost O(S·n), so a product is
// S × S by S × n). As in jacobian.ts the stored product is J(l) divided by the norms of the earlier ones and
// the scale is carried as log10, so 1e-400 stays a number. Beside the full state: the h→h block (∂h_T/∂h_{T−l}
// with c_{T−l} held fixed) and the c→c block (the cell path) of the same J(l). The products go to the splitter
// the caller gives (shared with a helper thread), which works on them while this thread runs Lanczos.
import { copyRowWithSumOfSquares } from '../../linalg/blocked-product';
import { normFromSumOfSquares, vectorNorm, type Matrix } from '../../linalg/matrix';
import { LOG10_2, scaleExponent, scaleInPlace } from '../../linalg/scaling';
import {
  computeSideNorm,
  serialStepSplitter,
  type OpenStepSplitter,
  type SideNormResult,
  type SideNormTask,
} from '../../linalg/step-product';
import { plain } from '../../notation';
import { stateSize, type CellTrajectory, type GruModel, type LstmModel } from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import { stepJacobians } from './index';
import { stepOperand } from './step-operand';

/** log10 of ‖·‖_F and ‖·‖₂ for lags 1..L; null where the matrix is exactly zero. */
export interface Log10Curve {
  log10Frobenius: (number | null)[];
  log10Spectral: (number | null)[];
}

export interface GatedCurves {
  full: Log10Curve;
  /** The h→h block (for a GRU, the full curve). */
  hidden: Log10Curve;
  /** LSTM: the c→c block. */
  cell?: Log10Curve;
  chunks?: { total: number; onHelper: number };
}

const SAFE_NORM = [1e-250, 1e250];

/** S × S row-major J's block of rows and columns r0..r0+size (a copy), and its Frobenius norm. */
function block(J: Float64Array, S: number, r0: number, size: number): { matrix: Matrix; frobenius: number } {
  const data = new Float64Array(size * size);
  let sumSq = 0;
  for (let i = 0; i < size; i++) sumSq += copyRowWithSumOfSquares(J, (r0 + i) * S + r0, data, i * size, size);
  return { matrix: { rows: size, cols: size, data }, frobenius: normFromSumOfSquares(data, sumSq) };
}

class CurveRecorder {
  readonly curve: Log10Curve = { log10Frobenius: [], log10Spectral: [] };
  /** The previous lag's top left singular vector: for J(l+1) = J(l)·A the left one settles, the right one turns. */
  startLeft: Float64Array | undefined;

  /** Records ‖m‖ given that the true matrix is m · 10^logScale; knownFrobenius saves one pass. */
  record(m: Matrix, logScale: number, knownFrobenius?: number): void {
    const f = knownFrobenius ?? vectorNorm(m.data);
    if (f === 0) this.zero();
    else this.recordNorms(f, computeSideNorm(this.task(m)), logScale);
  }

  /** The spectral norm's task (warm-started), for a splitter to run wherever it likes. */
  task(m: Matrix): SideNormTask {
    return this.startLeft ? { matrix: m, startLeft: this.startLeft } : { matrix: m };
  }

  recordNorms(f: number, s: SideNormResult, logScale: number): void {
    if (f === 0) {
      this.zero();
      return;
    }
    this.startLeft = s.leftVector;
    this.curve.log10Frobenius.push(logScale + Math.log10(f));
    this.curve.log10Spectral.push(s.value > 0 ? logScale + Math.log10(s.value) : null);
  }

  zero(): void {
    this.curve.log10Frobenius.push(null);
    this.curve.log10Spectral.push(null);
  }
}

export function gatedJacobianCurves(
  model: LstmModel | GruModel,
  inputs: readonly Float64Array[],
  trajectory: CellTrajectory,
  lags: number,
  hooks?: ComputeHooks,
  options: { stepSplitter?: OpenStepSplitter } = {},
): GatedCurves {
  const T = inputs.length;
  if (lags > T) throw new RangeError(`lags ${lags} > steps ${T}`);
  const S = stateSize(model);
  const P = model.cell === 'lstm' ? model.outputSize : S;
  const operand = stepOperand(model, inputs, trajectory);
  // An LSTM's two block norms travel with each product as side norms: the helper may take them.
  const splitter = (options.stepSplitter ?? serialStepSplitter)(S, operand.cols, operand.diagonalCols, {
    count: model.cell === 'lstm' ? 2 : 0,
    size: Math.max(P, S - P),
  });
  const full = new CurveRecorder();
  const hidden = new CurveRecorder();
  const cellPath = model.cell === 'lstm' ? new CurveRecorder() : undefined;
  const what = model.cell === 'lstm' ? '∂s_T/∂s_{T−l}' : '∂h_T/∂h_{T−l}';
  try {
    splitter.buffers.J[0].set(stepJacobians(model, inputs, trajectory, T).wrtState.data);
    let sumSq = 0;
    for (const v of splitter.buffers.J[0]) sumSq += v * v;
    let current: 0 | 1 = 0;
    let slot: 0 | 1 = 0;
    let logScale = 0;
    let zero = false;
    const writeOperand = (into: 0 | 1, t: number): void =>
      operand.write(t, 1, splitter.buffers.R[into], splitter.buffers.diagonal[into]);
    if (lags > 1) writeOperand(slot, T - 1);
    for (let l = 1; l <= lags; l++) {
      throwIfCancelled(hooks);
      const J = splitter.buffers.J[current];
      let f = zero ? 0 : normFromSumOfSquares(J, sumSq);
      if (f !== 0 && !(f >= SAFE_NORM[0] && f <= SAFE_NORM[1])) {
        const e = scaleExponent(J) ?? 0;
        scaleInPlace(J, -e);
        logScale += e * LOG10_2;
        f = vectorNorm(J);
      }
      if (f === 0) {
        zero = true;
        full.zero();
        hidden.zero();
        cellPath?.zero();
        continue;
      }
      const more = l < lags;
      const blocks = cellPath ? [block(J, S, 0, P), block(J, S, P, S - P)] : [];
      const blockNorms = blocks.map((b) => b.frobenius);
      const sides = blocks.flatMap((b, i) => (blockNorms[i] > 0 ? [[hidden, cellPath!][i].task(b.matrix)] : []));
      // J(l+1) = (J(l)/f)·A_{T−l}, published with the blocks' norms before ‖J(l)‖₂ is computed here, and
      // A_{T−l−1} written meanwhile.
      if (more) splitter.publish({ source: current, slot, scale: 1 / f }, sides);
      full.record({ rows: S, cols: S, data: J }, logScale, f);
      const logBefore = logScale;
      logScale += Math.log10(f);
      if (more) {
        if (l + 1 < lags) writeOperand(slot === 0 ? 1 : 0, T - l - 1);
        sumSq = splitter.complete();
        current = current === 0 ? 1 : 0;
        slot = slot === 0 ? 1 : 0;
      }
      if (cellPath) {
        const results = more ? [...splitter.sideResults] : sides.map(computeSideNorm);
        [hidden, cellPath].forEach((recorder, i) =>
          blockNorms[i] > 0 ? recorder.recordNorms(blockNorms[i], results.shift()!, logBefore) : recorder.zero(),
        );
      }
      hooks?.onProgress?.(l / lags, `Jacobian ${plain(what.replace('l', String(l)))}`);
    }
  } finally {
    splitter.close();
  }
  return {
    full: full.curve,
    hidden: cellPath ? hidden.curve : full.curve,
    ...(cellPath ? { cell: cellPath.curve } : {}),
    chunks: { total: splitter.chunksInAll, onHelper: splitter.chunksInAll - splitter.chunksHere },
  };
}

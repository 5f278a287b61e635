// An LSTM step's Jacobians as dense matrices in the state order (h, c): what a stack or a test multiplies.
import type { CellStepJacobians, LstmModel } from '../gated-model';
import { zeros } from '../../linalg/matrix';
import { lstmLinearisation, lstmStep } from './lstm';

export function lstmDenseStep(model: LstmModel, x: Float64Array, s: Float64Array): CellStepJacobians {
  const n = model.hiddenSize;
  const P = model.outputSize;
  const S = P + n;
  const h = s.subarray(0, P);
  const c = s.subarray(P);
  const step = lstmStep(model, x, h, c);
  const dense = (wrt: 'state' | 'input') => {
    const lin = lstmLinearisation(model, step, c, wrt);
    const cols = wrt === 'state' ? P : model.inputSize;
    const width = wrt === 'state' ? S : cols;
    const out = zeros(S, width);
    const o = out.data;
    // Rows of h': u's rows, or W_hr times them.
    const project = (from: Float64Array, fromCols: number, colOffset: number): void => {
      if (!model.W_hr) {
        for (let k = 0; k < n; k++)
          for (let j = 0; j < fromCols; j++) o[k * width + colOffset + j] = from[k * fromCols + j];
        return;
      }
      const Wr = model.W_hr.data;
      for (let p = 0; p < P; p++)
        for (let k = 0; k < n; k++) {
          const a = Wr[p * n + k];
          if (a === 0) continue;
          for (let j = 0; j < fromCols; j++) o[p * width + colOffset + j] += a * from[k * fromCols + j];
        }
    };
    project(lin.uFromH, cols, 0);
    for (let k = 0; k < n; k++) for (let j = 0; j < cols; j++) o[(P + k) * width + j] = lin.cFromH[k * cols + j];
    if (wrt === 'state') {
      const uFromC = new Float64Array(n * n);
      for (let k = 0; k < n; k++) uFromC[k * n + k] = lin.uFromC[k];
      project(uFromC, n, P);
      for (let k = 0; k < n; k++) o[(P + k) * width + P + k] = lin.cFromC[k];
    }
    return out;
  };
  return { wrtState: dense('state'), wrtInput: dense('input') };
}

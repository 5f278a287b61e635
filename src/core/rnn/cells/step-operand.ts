// What a gated curve's product J · A_t needs of step t: A_t's dense columns R (S × cols) and, for an LSTM
// without a projection, the diagonals of ∂u/∂c and ∂c'/∂c (the c columns), each times a scale (1/‖J‖_F).
import type { CellTrajectory, GruModel, LstmModel } from '../gated-model';
import { stateSize } from '../gated-model';
import { gruLinearisation, gruStep } from './gru';
import { lstmDenseStep } from './lstm-dense';
import { recurrentProducts } from './gate-math';
import { lstmLinearisation, lstmStep } from './lstm';

export interface StepOperand {
  readonly S: number;
  readonly cols: number;
  readonly diagonalCols: number;
  /** Writes scale · A_t into R (S × cols) and diagonal (2·diagonalCols). */
  write(t: number, scale: number, R: Float64Array, diagonal: Float64Array): void;
}

export function stepOperand(
  model: LstmModel | GruModel,
  inputs: readonly Float64Array[],
  trajectory: CellTrajectory,
): StepOperand {
  const S = stateSize(model);
  const states = trajectory.states;
  // The GRU's and the plain LSTM's step is run again with the forward pass's SIMD products (the same values),
  // in a buffer of its own: Lanczos runs between the steps. (With a projection, lstm-dense.ts runs it.)
  if (model.cell === 'gru') {
    const recurrent = recurrentProducts(model.W_hh, 'steps');
    return {
      S,
      cols: S,
      diagonalCols: 0,
      write(t, scale, R) {
        const h = states[t - 1];
        const A = gruLinearisation(model, gruStep(model, inputs[t - 1], h, recurrent), h, 'state');
        for (let k = 0; k < A.length; k++) R[k] = A[k] * scale;
      },
    };
  }
  if (model.W_hr) {
    // h' = W_hr u: ∂h'/∂c is dense (P × n), so A_t is used whole.
    return {
      S,
      cols: S,
      diagonalCols: 0,
      write(t, scale, R) {
        const A = lstmDenseStep(model, inputs[t - 1], states[t - 1]).wrtState.data;
        for (let k = 0; k < A.length; k++) R[k] = A[k] * scale;
      },
    };
  }
  const n = model.hiddenSize;
  const recurrent = recurrentProducts(model.W_hh, 'steps');
  return {
    S,
    cols: n,
    diagonalCols: n,
    write(t, scale, R, diagonal) {
      const s = states[t - 1];
      const c = s.subarray(n);
      const step = lstmStep(model, inputs[t - 1], s.subarray(0, n), c, recurrent);
      const lin = lstmLinearisation(model, step, c, 'state');
      const nn = n * n;
      for (let k = 0; k < nn; k++) {
        R[k] = lin.uFromH[k] * scale;
        R[nn + k] = lin.cFromH[k] * scale;
      }
      for (let k = 0; k < n; k++) {
        diagonal[k] = lin.uFromC[k] * scale;
        diagonal[n + k] = lin.cFromC[k] * scale;
      }
    },
  };
}

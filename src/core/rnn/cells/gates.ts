// What the gates do along the trajectory: each gate's mean and the fractions of (step, unit) values saturated,
// and each unit's mean gate (for the timescales). Gates are sigmoids in (0, 1), saturated below 0.05 (closed) or
// above 0.95 (open); the tanh candidates g (LSTM) and n (GRU) lie in (−1, 1), saturated below −0.95 or above 0.95.
import type { GateStatistics } from '../../analysis/types';
import {
  GRU_GATES,
  LSTM_GATES,
  type CellTrajectory,
  type GateName,
  type GruModel,
  type LstmModel,
} from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import { recurrentProducts } from './gate-math';
import { gruStep } from './gru';
import { lstmStep } from './lstm';

export const SATURATION = 0.95;

export interface GateReport {
  statistics: Partial<Record<GateName, GateStatistics>>;
  /** Per unit, the mean over the steps of each gate. */
  unitMeans: Partial<Record<GateName, Float64Array>>;
}

export function gateReport(
  model: LstmModel | GruModel,
  inputs: readonly Float64Array[],
  trajectory: CellTrajectory,
  hooks?: ComputeHooks,
): GateReport {
  const n = model.hiddenSize;
  const names: readonly GateName[] = model.cell === 'lstm' ? LSTM_GATES : GRU_GATES;
  const sums = names.map(() => new Float64Array(n));
  const low = names.map(() => 0);
  const high = names.map(() => 0);
  const T = inputs.length;
  const recurrent = recurrentProducts(model.W_hh);
  for (let t = 1; t <= T; t++) {
    throwIfCancelled(hooks);
    const s = trajectory.states[t - 1];
    let values: Float64Array[];
    if (model.cell === 'lstm') {
      const P = model.outputSize;
      const v = lstmStep(model, inputs[t - 1], s.subarray(0, P), s.subarray(P), recurrent);
      values = [v.i, v.f, v.g, v.o];
    } else {
      const v = gruStep(model, inputs[t - 1], s, recurrent);
      values = [v.r, v.z, v.n];
    }
    names.forEach((name, gi) => {
      const tanhGate = name === 'g' || name === 'n';
      const lowEdge = tanhGate ? -SATURATION : 1 - SATURATION;
      const v = values[gi];
      for (let k = 0; k < n; k++) {
        sums[gi][k] += v[k];
        if (v[k] < lowEdge) low[gi]++;
        if (v[k] > SATURATION) high[gi]++;
      }
    });
  }
  const statistics: Partial<Record<GateName, GateStatistics>> = {};
  const unitMeans: Partial<Record<GateName, Float64Array>> = {};
  const count = T * n;
  names.forEach((name, gi) => {
    const means = sums[gi].map((s) => s / T);
    unitMeans[name] = means;
    statistics[name] = {
      mean: sums[gi].reduce((a, b) => a + b, 0) / count,
      saturatedLow: low[gi] / count,
      saturatedHigh: high[gi] / count,
    };
  });
  return { statistics, unitMeans };
}

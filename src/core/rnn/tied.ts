// Explicit tied groups, e.g. [["W_xh", "W_hy^T"]]: tensors constrained equal. We check the constraint holds
// (shapes fit, values equal: the largest difference and where) and give the group's gradient, which is the
// sum of its members' gradients (∂E/∂w1 + ∂E/∂w2 for w1 = w2).
import { fmt } from '../format-number';
import type { Matrix } from '../linalg/matrix';
import { transpose, vectorNorm } from '../linalg/matrix';
import type { BpttGradient } from './bptt';
import { tiedMember } from '../model/naming';
import type { RnnModel } from './model';

export interface TiedGroupReport {
  members: string[];
  shapes: number[][];
  shapesFit: boolean;
  /** max |a − b| over the members against the first, 0 when all are equal. */
  maxAbsDifference: number;
  /** Where that difference is, e.g. `W_hy^T[2][0]`; empty when equal. */
  at: string;
  equal: boolean;
  /** ‖Σ members' gradients‖_F for the probe loss; null where a member is not part of the recurrence. */
  gradientFrobenius: number | null;
  problem?: string;
}

/** Relative tolerance for "equal": float32 round-trips of the same values differ by ~6e-8. */
const EQUAL_TOLERANCE = 1e-12;

export function checkTiedGroups(model: RnnModel, gradient: BpttGradient | undefined): TiedGroupReport[] {
  const named = namedMatrices(model);
  const grads = new Map<string, Matrix | undefined>(
    gradient
      ? [
          ['W_hh', gradient.W_hh],
          ['W_xh', gradient.W_xh],
          ['b_h', asColumn(gradient.b_h)],
          ['W_hy', model.W_hy && zerosLike(model.W_hy)],
          ['b_y', model.b_y && asColumn(new Float64Array(model.b_y.length))],
        ]
      : [],
  );
  return model.tied.map((group) => {
    const members = group.map((member) => {
      const { name, transposed } = tiedMember(member);
      const value = named.get(name);
      const grad = grads.get(name);
      return {
        member,
        value: value && (transposed ? transpose(value) : value),
        grad: grad && (transposed ? transpose(grad) : grad),
      };
    });
    const missing = members.find((m) => !m.value);
    if (missing) {
      return {
        members: [...group],
        shapes: [],
        shapesFit: false,
        maxAbsDifference: NaN,
        at: '',
        equal: false,
        gradientFrobenius: null,
        problem: `"${missing.member}" is not one of W_hh, W_xh, b_h, W_hy, b_y`,
      };
    }
    const mats = members.map((m) => m.value!);
    const shapes = mats.map((m) => [m.rows, m.cols]);
    const first = mats[0];
    const shapesFit = mats.every((m) => m.rows === first.rows && m.cols === first.cols);
    if (!shapesFit) {
      const described = members.map((m, i) => `${m.member} is ${shapes[i][0]}×${shapes[i][1]}`).join(', ');
      return {
        members: [...group],
        shapes,
        shapesFit,
        maxAbsDifference: NaN,
        at: '',
        equal: false,
        gradientFrobenius: null,
        problem: `shapes do not fit: ${described}`,
      };
    }
    let maxAbsDifference = 0;
    let at = '';
    let scale = 0;
    for (let k = 1; k < mats.length; k++) {
      for (let idx = 0; idx < first.data.length; idx++) {
        scale = Math.max(scale, Math.abs(first.data[idx]));
        const diff = Math.abs(mats[k].data[idx] - first.data[idx]);
        if (diff > maxAbsDifference) {
          maxAbsDifference = diff;
          at = `${members[k].member}[${Math.floor(idx / first.cols)}][${idx % first.cols}]`;
        }
      }
    }
    const equal = maxAbsDifference <= EQUAL_TOLERANCE * Math.max(scale, 1e-300);
    let gradientFrobenius: number | null = null;
    if (gradient && members.every((m) => m.grad)) {
      const sum = new Float64Array(first.data.length);
      for (const m of members) for (let idx = 0; idx < sum.length; idx++) sum[idx] += m.grad!.data[idx];
      gradientFrobenius = vectorNorm(sum);
    }
    return {
      members: [...group],
      shapes,
      shapesFit,
      maxAbsDifference,
      at: equal ? '' : at,
      equal,
      gradientFrobenius,
      ...(equal
        ? {}
        : {
            problem: `the constraint ${group.join(' = ')} is broken: largest difference ${fmt(maxAbsDifference)} at ${at}`,
          }),
    };
  });
}

/** A Map, not an object: member names come from the file, and "constructor" must not find Object's. */
function namedMatrices(model: RnnModel): Map<string, Matrix | undefined> {
  return new Map([
    ['W_hh', model.W_hh],
    ['W_xh', model.W_xh],
    ['b_h', asColumn(model.b_h)],
    ['W_hy', model.W_hy],
    ['b_y', model.b_y && asColumn(model.b_y)],
  ]);
}

function asColumn(v: Float64Array): Matrix {
  return { rows: v.length, cols: 1, data: v };
}

function zerosLike(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: new Float64Array(m.data.length) };
}

// runCell and stepJacobians against PyTorch's nn.LSTM / nn.GRU (autograd, float64; scripts/fixtures/gated.py), and
// against central finite differences of our own forward run, for what torch has no module for (ONNX peepholes,
// coupled input-forget, clip; the reset gate before W_hn).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { runCell, stepJacobians } from '../../../src/core/rnn/cells';
import { stateSize, type RecurrentModel } from '../../../src/core/rnn/gated-model';
import { assertClose } from '../helpers';
import {
  GATED_CASES,
  fixtureInputs,
  initialState,
  modelFromStateDict,
  readGatedFixture,
  seededGru,
  seededLstm,
  seededSequence,
} from './gated-fixture';

for (const name of GATED_CASES) {
  test(`${name}: the last state and the last step's Jacobians match PyTorch autograd`, () => {
    const f = readGatedFixture(name);
    const model = modelFromStateDict(f);
    const inputs = fixtureInputs(f);
    const traj = runCell(model, inputs, initialState(f));
    const T = inputs.length;
    f.expected.sT.forEach((v, i) => assertClose(traj.states[T][i], v, 1e-12, `s_T[${i}]`, 1e-15));
    assert.equal(traj.outputs.length, T);
    const { wrtState, wrtInput } = stepJacobians(model, inputs, traj, T);
    const S = stateSize(model);
    assert.equal(wrtState.rows, S);
    assert.equal(wrtState.cols, S);
    f.expected.stepWrtState.forEach((row, i) =>
      row.forEach((v, j) => assertClose(wrtState.data[i * S + j], v, 1e-11, `∂s_T/∂s_{T−1}[${i}][${j}]`, 1e-14)),
    );
    f.expected.stepWrtInput.forEach((row, i) =>
      row.forEach((v, j) =>
        assertClose(wrtInput.data[i * model.inputSize + j], v, 1e-11, `∂s_T/∂x_T[${i}][${j}]`, 1e-14),
      ),
    );
  });
}

/** Central differences of one step of runCell, column by column (of the state, then of the input). */
function finiteDifferenceStep(model: RecurrentModel, x: Float64Array, s: Float64Array, wrt: 'state' | 'input') {
  const S = stateSize(model);
  const v = wrt === 'state' ? s : x;
  const cols = v.length;
  const out = new Float64Array(S * cols);
  const eps = 1e-6;
  for (let j = 0; j < cols; j++) {
    const at = (delta: number): Float64Array => {
      const moved = Float64Array.from(v);
      moved[j] += delta;
      const traj = wrt === 'state' ? runCell(model, [x], moved) : runCell(model, [moved], s);
      return traj.states[1];
    };
    const plus = at(eps);
    const minus = at(-eps);
    for (let i = 0; i < S; i++) out[i * cols + j] = (plus[i] - minus[i]) / (2 * eps);
  }
  return out;
}

const FD_MODELS: [string, RecurrentModel][] = [
  ['lstm', seededLstm({ n: 4, m: 3 }, 11)],
  ['lstm with a projection', seededLstm({ n: 5, m: 2, proj: 3 }, 12)],
  ['lstm with peepholes', seededLstm({ n: 4, m: 3, peepholes: true }, 13)],
  ['lstm, coupled input-forget', seededLstm({ n: 4, m: 3, coupled: true }, 14)],
  [
    'lstm, coupled, peepholes and a projection',
    seededLstm({ n: 4, m: 2, coupled: true, peepholes: true, proj: 2 }, 15),
  ],
  ['lstm with clip 0.7', seededLstm({ n: 4, m: 3, clip: 0.7, scale: 1.5 }, 16)],
  ['gru', seededGru({ n: 4, m: 3, resetAfter: true }, 17)],
  ['gru, reset before W_hn', seededGru({ n: 4, m: 3, resetAfter: false }, 18)],
  ['gru with clip 0.6', seededGru({ n: 4, m: 3, resetAfter: true, clip: 0.6, scale: 1.5 }, 19)],
  ['gru, reset before W_hn, clip 0.6', seededGru({ n: 4, m: 3, resetAfter: false, clip: 0.6, scale: 1.5 }, 20)],
];

for (const [name, model] of FD_MODELS) {
  test(`${name}: stepJacobians match central finite differences of runCell at every step`, () => {
    const S = stateSize(model);
    const { inputs, s0 } = seededSequence(model, 5, 99, S);
    const traj = runCell(model, inputs, s0);
    for (let t = 1; t <= inputs.length; t++) {
      const { wrtState, wrtInput } = stepJacobians(model, inputs, traj, t);
      for (const wrt of ['state', 'input'] as const) {
        const fd = finiteDifferenceStep(model, inputs[t - 1], traj.states[t - 1], wrt);
        const ours = wrt === 'state' ? wrtState.data : wrtInput.data;
        assert.equal(ours.length, fd.length);
        fd.forEach((v, k) => {
          assertClose(ours[k], v, 1e-6, `${wrt} Jacobian at step ${t}, entry ${k}`, 1e-8);
        });
      }
    }
    if (model.cell !== 'rnn' && model.clip !== undefined) {
      // The clip must bite somewhere along this run, or the case would test nothing the unclipped one does not.
      const unclipped = { ...model, clip: undefined };
      const free = runCell(unclipped, inputs, s0);
      assert.notDeepEqual(free.states[inputs.length], traj.states[inputs.length]);
    }
  });
}

test('a state that leaves float64 is refused with the file, the step and the unit', () => {
  const model = seededLstm({ n: 3, m: 2 }, 21);
  const inputs = [new Float64Array([1, 1]), new Float64Array([Infinity, -Infinity])];
  assert.throws(
    () => runCell(model, inputs, new Float64Array(6)),
    (e: unknown) =>
      e instanceof InputError && e.file === 'fixture' && /step 2/.test(e.problem) && /unit 0/.test(e.problem),
  );
});

test('runCell of a vanilla RNN is the forward pass, and its step Jacobian is D(σ′) W_hh', () => {
  const W_hh = { rows: 2, cols: 2, data: Float64Array.from([0.5, -0.3, 0.2, 0.9]) };
  const W_xh = { rows: 2, cols: 1, data: Float64Array.from([1, -1]) };
  const model: RecurrentModel = {
    cell: 'rnn',
    activation: 'tanh',
    activationSource: 'file',
    hiddenSize: 2,
    inputSize: 1,
    W_hh,
    W_xh,
    b_h: Float64Array.from([0.1, 0]),
    tied: [],
    source: { file: 'f', format: 'json-model', layer: 0, direction: 'forward', layers: [] },
  };
  const inputs = [Float64Array.from([0.3]), Float64Array.from([-0.7])];
  const traj = runCell(model, inputs, Float64Array.from([0.2, -0.4]));
  const fd = finiteDifferenceStep(model, inputs[1], traj.states[1], 'state');
  const ours = stepJacobians(model, inputs, traj, 2).wrtState.data;
  fd.forEach((v, k) => assertClose(ours[k], v, 1e-7, `entry ${k}`, 1e-9));
});

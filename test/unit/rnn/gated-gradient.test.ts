// ∂E/∂weight_hh_l0 for E = ½‖h_T‖² against PyTorch autograd through nn.LSTM / nn.GRU, and its per-step
// contributions against the gradients of untied copies of the weight (one per step), in all and per gate block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCell } from '../../../src/core/rnn/cells';
import { gatedBpttGradient } from '../../../src/core/rnn/cells/bptt';
import { stateSize } from '../../../src/core/rnn/gated-model';
import { assertClose } from '../helpers';
import { mulberry32 } from '../seeded-random';
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

const pow10 = (v: number | null): number => (v === null ? 0 : 10 ** v);

for (const name of GATED_CASES) {
  test(`${name}: the tied gradient and every step's contribution match autograd`, () => {
    const f = readGatedFixture(name);
    const model = modelFromStateDict(f);
    const inputs = fixtureInputs(f);
    const traj = runCell(model, inputs, initialState(f));
    const g = gatedBpttGradient(model, inputs, traj);
    const cols = model.W_hh.cols;
    f.expected.gradientW_hh.forEach((row, i) =>
      row.forEach((v, j) => assertClose(g.W_hh.data[i * cols + j], v, 1e-10, `∂E/∂W_hh[${i}][${j}]`, 1e-14)),
    );
    const T = inputs.length;
    for (let l = 0; l < T; l++) {
      assertClose(pow10(g.log10ByLag[l]), f.expected.gradientByLag[l], 1e-10, `‖G_{T−${l}}‖_F`, 1e-300);
      for (const [gate, byLag] of Object.entries(f.expected.gradientGatesByLag))
        assertClose(pow10(g.gates[gate as 'i']![l]), byLag[l], 1e-10, `gate ${gate}, lag ${l}`, 1e-300);
    }
  });
}

test('cancelling stops the gradient at the next step', () => {
  const model = seededLstm({ n: 6, m: 2 }, 51);
  const { inputs, s0 } = seededSequence(model, 20, 9, stateSize(model));
  const traj = runCell(model, inputs, s0);
  let steps = 0;
  assert.throws(
    () => gatedBpttGradient(model, inputs, traj, { isCancelled: () => steps >= 2, onProgress: () => steps++ }),
    /cancelled/,
  );
  assert.equal(steps, 2);
});

const FD_MODELS = [
  seededLstm({ n: 4, m: 3, peepholes: true }, 52),
  seededLstm({ n: 4, m: 2, coupled: true, peepholes: true, proj: 3 }, 53),
  seededLstm({ n: 4, m: 3, clip: 0.8, scale: 1.5 }, 54),
  seededGru({ n: 4, m: 3, resetAfter: false, clip: 0.7, scale: 1.5 }, 55),
];

test('peepholes, coupled gates, clip and the reset before W_hn: ∂E/∂W_hh matches finite differences of E', () => {
  for (const model of FD_MODELS) {
    const { inputs, s0 } = seededSequence(model, 6, 10, stateSize(model));
    const P = model.W_hh.cols;
    const loss = (): number => {
      const hT = runCell(model, inputs, s0).states[inputs.length].subarray(0, P);
      return 0.5 * hT.reduce((a, v) => a + v * v, 0);
    };
    const g = gatedBpttGradient(model, inputs, runCell(model, inputs, s0));
    const W = model.W_hh.data;
    for (let k = 0; k < W.length; k++) {
      const keep = W[k];
      W[k] = keep + 1e-6;
      const plus = loss();
      W[k] = keep - 1e-6;
      const minus = loss();
      W[k] = keep;
      assertClose(g.W_hh.data[k], (plus - minus) / 2e-6, 1e-5, `${model.cell} ∂E/∂W_hh entry ${k}`, 1e-9);
    }
  }
});

test('models large enough for the SIMD products: ∂E/∂W_hh matches finite differences of E at sampled entries', () => {
  const random = mulberry32(77);
  for (const model of [
    seededLstm({ n: 40, m: 3, scale: 0.3 }, 56),
    seededGru({ n: 40, m: 3, resetAfter: true, scale: 0.3 }, 57),
  ]) {
    const { inputs, s0 } = seededSequence(model, 8, 11, stateSize(model));
    const P = model.W_hh.cols;
    const loss = (): number => {
      const hT = runCell(model, inputs, s0).states[inputs.length].subarray(0, P);
      return 0.5 * hT.reduce((a, v) => a + v * v, 0);
    };
    const g = gatedBpttGradient(model, inputs, runCell(model, inputs, s0));
    const W = model.W_hh.data;
    for (let sample = 0; sample < 12; sample++) {
      const k = Math.floor(random() * W.length);
      const keep = W[k];
      W[k] = keep + 1e-5;
      const plus = loss();
      W[k] = keep - 1e-5;
      const minus = loss();
      W[k] = keep;
      assertClose(g.W_hh.data[k], (plus - minus) / 2e-5, 1e-5, `${model.cell} ∂E/∂W_hh entry ${k}`, 1e-9);
    }
  }
});

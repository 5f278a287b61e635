// The gated Jacobian curves against PyTorch autograd (J(l) of the real nn.LSTM / nn.GRU run over the last l steps),
// for every lag, both norms, the full state and both paths; and the two-thread products bit for bit as one thread's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCell } from '../../../src/core/rnn/cells';
import { gatedJacobianCurves } from '../../../src/core/rnn/cells/curve';
import { helperThread, stepSplitterWith } from '../../../src/core/parallel/helper';
import { stateSize } from '../../../src/core/rnn/gated-model';
import { assertClose } from '../helpers';
import {
  GATED_CASES,
  fixtureInputs,
  initialState,
  modelFromStateDict,
  readGatedFixture,
  seededLstm,
  seededGru,
  seededSequence,
} from './gated-fixture';

const pow10 = (v: number | null): number => (v === null ? 0 : 10 ** v);

for (const name of GATED_CASES) {
  test(`${name}: ‖J(l)‖_F and ‖J(l)‖₂ of the full state, the h path and the c path match autograd at every lag`, () => {
    const f = readGatedFixture(name);
    const model = modelFromStateDict(f);
    const inputs = fixtureInputs(f);
    const traj = runCell(model, inputs, initialState(f));
    const T = inputs.length;
    const curves = gatedJacobianCurves(model, inputs, traj, T);
    const e = f.expected;
    for (let l = 0; l < T; l++) {
      assertClose(pow10(curves.full.log10Frobenius[l]), e.jacobianFrobenius[l], 1e-10, `‖J(${l + 1})‖_F`);
      assertClose(pow10(curves.full.log10Spectral[l]), e.jacobianSpectral[l], 1e-10, `‖J(${l + 1})‖₂`);
      assertClose(pow10(curves.hidden.log10Frobenius[l]), e.hiddenFrobenius[l], 1e-10, `‖∂h/∂h(${l + 1})‖_F`);
      assertClose(pow10(curves.hidden.log10Spectral[l]), e.hiddenSpectral[l], 1e-10, `‖∂h/∂h(${l + 1})‖₂`);
      if (f.cell === 'lstm') {
        assertClose(pow10(curves.cell!.log10Frobenius[l]), e.cellFrobenius[l], 1e-10, `‖∂c/∂c(${l + 1})‖_F`);
        assertClose(pow10(curves.cell!.log10Spectral[l]), e.cellSpectral[l], 1e-10, `‖∂c/∂c(${l + 1})‖₂`);
      }
    }
  });
}

test('two threads give the curves of one thread bit for bit, and the helper takes row chunks', () => {
  const helper = helperThread();
  for (const model of [
    seededLstm({ n: 70, m: 5, scale: 0.3 }, 31),
    seededLstm({ n: 40, m: 3, proj: 20, scale: 0.3 }, 33),
    seededGru({ n: 90, m: 4, resetAfter: true, scale: 0.3 }, 32),
  ]) {
    const { inputs, s0 } = seededSequence(model, 40, 7, stateSize(model));
    const traj = runCell(model, inputs, s0);
    const one = gatedJacobianCurves(model, inputs, traj, 40);
    const two = gatedJacobianCurves(model, inputs, traj, 40, {}, { stepSplitter: stepSplitterWith(helper) });
    assert.deepEqual(two.full, one.full);
    assert.deepEqual(two.hidden, one.hidden);
    assert.deepEqual(two.cell, one.cell);
    if (helper) assert.ok(two.chunks!.onHelper > 0, `the helper took ${two.chunks!.onHelper} chunks`);
  }
});

test('cancelling stops the curve at the next lag', () => {
  const model = seededLstm({ n: 20, m: 3 }, 41);
  const { inputs, s0 } = seededSequence(model, 30, 8, stateSize(model));
  const traj = runCell(model, inputs, s0);
  let lagsDone = 0;
  assert.throws(
    () =>
      gatedJacobianCurves(model, inputs, traj, 30, {
        isCancelled: () => lagsDone >= 3,
        onProgress: () => lagsDone++,
      }),
    /cancelled/,
  );
  assert.equal(lagsDone, 3);
});

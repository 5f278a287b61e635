// The gated Jacobian curves against PyTorch autograd (J(l) of the real nn.LSTM / nn.GRU run over the last l steps),
// for every lag, both norms, the full state and both paths; and the two-thread products bit for bit as one thread's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matMul, vectorNorm } from '../../../src/core/linalg/matrix';
import { spectralNorm } from '../../../src/core/linalg/svd';
import { runCell, stepJacobians } from '../../../src/core/rnn/cells';
import { gatedJacobianCurves } from '../../../src/core/rnn/cells/curve';
import { JOINED, stepSplitterWith as stepSplitterSending } from '../../../src/core/parallel/step-board';
import { stateSize } from '../../../src/core/rnn/gated-model';
import { assertClose } from '../helpers';
import { sendAndAwaitJoin, startedHelper } from '../helper-thread';
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

test('two threads give the curves of one thread bit for bit, and the helper takes row chunks', async () => {
  const helper = await startedHelper();
  for (const model of [
    seededLstm({ n: 70, m: 5, scale: 0.3 }, 31),
    seededLstm({ n: 40, m: 3, proj: 20, scale: 0.3 }, 33),
    seededGru({ n: 90, m: 4, resetAfter: true, scale: 0.3 }, 32),
  ]) {
    const { inputs, s0 } = seededSequence(model, 40, 7, stateSize(model));
    const traj = runCell(model, inputs, s0);
    const one = gatedJacobianCurves(model, inputs, traj, 40);
    const two = gatedJacobianCurves(
      model,
      inputs,
      traj,
      40,
      {},
      {
        stepSplitter: stepSplitterSending(helper, sendAndAwaitJoin('stepProducts', JOINED)),
      },
    );
    assert.deepEqual(two.full, one.full);
    assert.deepEqual(two.hidden, one.hidden);
    assert.deepEqual(two.cell, one.cell);
    assert.ok(two.chunks!.onHelper > 0, `the helper took ${two.chunks!.onHelper} chunks`);
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

test('past float64: gates constant by construction give J(l) in closed form, 1e-400 and below, as log10', () => {
  // W_hh = 0 and W_ih = 0: a GRU's ∂h′/∂h is D(z) with z = σ(b_iz + b_hz) fixed, so J(l) = D(z)^l; an LSTM's
  // c→c block is D(f)^l with f = σ(b_f).
  const T = 400;
  const n = 3;
  const zeros = (r: number, c: number) => ({ rows: r, cols: c, data: new Float64Array(r * c) });
  const source = { file: 'f', format: 'test', layer: 0, direction: 'forward' as const, layers: [] };
  const logits = [-2.5, -3, -4];
  const gru = {
    cell: 'gru' as const,
    hiddenSize: n,
    inputSize: 1,
    W_ih: zeros(3 * n, 1),
    W_hh: zeros(3 * n, n),
    b_ih: Float64Array.from([0, 0, 0, ...logits, 0.3, -0.2, 0.1]),
    b_hh: new Float64Array(3 * n),
    resetAfter: true,
    source,
  };
  const lstm = {
    cell: 'lstm' as const,
    hiddenSize: n,
    outputSize: n,
    inputSize: 1,
    W_ih: zeros(4 * n, 1),
    W_hh: zeros(4 * n, n),
    b: Float64Array.from([0.5, 0.5, 0.5, ...logits, 0.2, 0.2, 0.2, 1, 1, 1]),
    source,
  };
  const inputs = Array.from({ length: T }, () => new Float64Array(1));
  const sigma = logits.map((a) => 1 / (1 + Math.exp(-a)));
  const log10F = (l: number) => 0.5 * Math.log10(sigma.reduce((s, g) => s + g ** (2 * l), 0));
  const log10Spectral = (l: number) => l * Math.log10(Math.max(...sigma));
  for (const model of [gru, lstm]) {
    const traj = runCell(model, inputs, new Float64Array(stateSize(model)));
    const curves = gatedJacobianCurves(model, inputs, traj, T);
    const path = model.cell === 'gru' ? curves.full : curves.cell!;
    for (const l of [1, 50, 200, 400]) {
      assertClose(path.log10Frobenius[l - 1]!, log10F(l), 1e-9, `${model.cell} log10 ‖J(${l})‖_F`);
      assertClose(path.log10Spectral[l - 1]!, log10Spectral(l), 1e-9, `${model.cell} log10 ‖J(${l})‖₂`);
    }
    assert.ok(path.log10Spectral[T - 1]! < -400, `${path.log10Spectral[T - 1]}`);
  }
});

test('peepholes, coupled gates, clip, a projection, the reset before W_hn: the curves are those of the dense chain', () => {
  const models = [
    seededLstm({ n: 6, m: 2, peepholes: true, coupled: true, clip: 1.2, scale: 0.8 }, 91),
    seededLstm({ n: 6, m: 2, peepholes: true, proj: 4, scale: 0.8 }, 92),
    seededGru({ n: 6, m: 2, resetAfter: false, clip: 1, scale: 0.8 }, 93),
  ];
  for (const model of models) {
    const T = 12;
    const S = stateSize(model);
    const P = model.cell === 'lstm' ? model.outputSize : S;
    const { inputs, s0 } = seededSequence(model, T, 13, S);
    const traj = runCell(model, inputs, s0);
    const curves = gatedJacobianCurves(model, inputs, traj, T);
    // J(l) = A_T ⋯ A_{T−l+1}, multiplied out densely from stepJacobians.
    let J = stepJacobians(model, inputs, traj, T).wrtState;
    for (let l = 1; l <= T; l++) {
      if (l > 1) J = matMul(J, stepJacobians(model, inputs, traj, T - l + 1).wrtState);
      const sub = (r0: number, size: number) => ({
        rows: size,
        cols: size,
        data: Float64Array.from(
          { length: size * size },
          (_, k) => J.data[(r0 + Math.floor(k / size)) * S + r0 + (k % size)],
        ),
      });
      const what = `${model.cell} lag ${l}`;
      assertClose(pow10(curves.full.log10Frobenius[l - 1]), vectorNorm(J.data), 1e-11, `${what} ‖J‖_F`);
      assertClose(pow10(curves.full.log10Spectral[l - 1]), spectralNorm(J).value, 1e-11, `${what} ‖J‖₂`);
      if (model.cell === 'lstm') {
        assertClose(pow10(curves.hidden.log10Spectral[l - 1]), spectralNorm(sub(0, P)).value, 1e-11, `${what} h→h`);
        assertClose(pow10(curves.cell!.log10Spectral[l - 1]), spectralNorm(sub(P, S - P)).value, 1e-11, `${what} c→c`);
      }
    }
  }
});

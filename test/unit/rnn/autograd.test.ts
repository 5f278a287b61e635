// The RNN core against PyTorch autograd and LAPACK (fixtures from scripts/fixtures/rnn.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { bpttGradient } from '../../../src/core/rnn/bptt';
import { runForward } from '../../../src/core/rnn/forward';
import { assertClose, readFixture } from '../helpers';
import { modelFromFixture, sequenceFromFixture, type RnnFixture } from './model-from-fixture';

const CASES = ['tanh-small', 'tanh-vanishing', 'tanh-exploding', 'sigmoid', 'relu', 'linear', 'tanh-wide'];

for (const name of CASES) {
  test(`${name}: forward pass, Jacobian curve, tied gradient and spectrum match PyTorch/LAPACK`, () => {
    const f = readFixture<RnnFixture>('rnn', `${name}.json`);
    const model = modelFromFixture(f);
    const seq = sequenceFromFixture(f);
    const traj = runForward(model, seq.inputs, seq.h0);
    const T = seq.inputs.length;
    traj.hidden[T].forEach((v, i) => assertClose(v, f.expected.hT[i], 1e-12, `h_T[${i}]`, 1e-15));

    const r = analyzeModel(model, seq, { inputs: { kind: 'file', file: 'fixture', steps: T } });
    assert.equal(r.jacobian.lags.length, T);
    for (let l = 0; l < T; l++) {
      assertClose(r.jacobian.frobenius[l], f.expected.jacobianFrobenius[l], 1e-10, `‖J(${l + 1})‖_F`, 1e-300);
      assertClose(r.jacobian.spectral[l], f.expected.jacobianSpectral[l], 1e-10, `‖J(${l + 1})‖_2`, 1e-300);
    }
    assertClose(r.spectrum.sigmaMax!, f.expected.sigmaMax, 1e-12, 'σ_max');
    const rho = Math.max(...f.expected.eigenvalues.map(([re, im]) => Math.hypot(re, im)));
    assertClose(r.spectrum.spectralRadius!, rho, 1e-10, 'ρ');
    assertClose(r.gradient.frobenius, f.expected.gradientFrobenius, 1e-10, '‖∂E/∂W_hh‖_F');
    // On one thread (no helper): the same numbers, bit for bit.
    const single = analyzeModel(model, seq, { inputs: { kind: 'file', file: 'fixture', steps: T }, threads: false });
    assert.deepEqual({ ...single, timingsMs: {} }, { ...r, timingsMs: {} });
    for (let l = 0; l < T; l++)
      assertClose(r.gradient.byLag[l], f.expected.gradientByLag[l], 1e-9, `‖G_{T−${l}}‖_F`, 1e-300);

    const g = bpttGradient(model, traj, seq.inputs);
    f.expected.gradientW_hh.forEach((row, i) =>
      row.forEach((v, j) => assertClose(g.W_hh.data[i * model.hiddenSize + j], v, 1e-9, `∂E/∂W_hh[${i}][${j}]`, 1e-14)),
    );
    f.expected.gradientW_xh.forEach((row, i) =>
      row.forEach((v, j) => assertClose(g.W_xh.data[i * model.inputSize + j], v, 1e-9, `∂E/∂W_xh[${i}][${j}]`, 1e-14)),
    );
    f.expected.gradientB_h.forEach((v, i) => assertClose(g.b_h[i], v, 1e-9, `∂E/∂b_h[${i}]`, 1e-14));
  });
}

test('the fixtures span the regimes the verdict names', () => {
  const verdict = (name: string) => {
    const f = readFixture<RnnFixture>('rnn', `${name}.json`);
    return analyzeModel(modelFromFixture(f), sequenceFromFixture(f), {
      inputs: { kind: 'file', steps: f.inputs.length },
    }).verdict;
  };
  assert.equal(verdict('tanh-vanishing').regime, 'vanishing');
  assert.equal(verdict('tanh-exploding').regime, 'exploding');
});

// Far-back Jacobians underflow float64; the curve must still give their size (closed forms as references).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { fmtPow10 } from '../../../src/core/format-number';
import { assertClose } from '../helpers';
import { modelFromFixture } from './model-from-fixture';

test('linear W = diag(0.001, 0.002, 0.0005): ‖J(l)‖ stays exact down to 1e-600 and beyond', () => {
  const d = [0.001, 0.002, 0.0005];
  const model = modelFromFixture({
    W_hh: [
      [d[0], 0, 0],
      [0, d[1], 0],
      [0, 0, d[2]],
    ],
    W_xh: [[1], [1], [1]],
    b_h: [0, 0, 0],
    activation: 'linear',
  });
  const T = 250;
  const r = analyzeModel(
    model,
    { inputs: Array.from({ length: T }, () => Float64Array.of(0)), h0: new Float64Array(3) },
    { inputs: { kind: 'zeros', steps: T } },
  );
  for (const l of [1, 10, 110, 200, 250]) {
    // J(l) = diag(d)^l: Frobenius = sqrt(Σ d_i^{2l}), spectral = max d_i^l = 0.002^l.
    const logSpectral = l * Math.log10(0.002);
    const terms = d.map((x) => 2 * l * Math.log10(x));
    const top = Math.max(...terms);
    const logFro = 0.5 * (top + Math.log10(terms.reduce((s, t) => s + 10 ** (t - top), 0)));
    assertClose(r.jacobian.log10Spectral[l - 1]!, logSpectral, 1e-12, `log10‖J(${l})‖₂`);
    assertClose(r.jacobian.log10Frobenius[l - 1]!, logFro, 1e-12, `log10‖J(${l})‖_F`);
  }
  // 0.002^250 = 10^-674.7: a number, not 0.
  assert.equal(
    fmtPow10(r.jacobian.log10Spectral[249]),
    `${Number((10 ** (250 * Math.log10(0.002) + 675)).toPrecision(4))}e-675`,
  );
  assert.equal(r.jacobian.spectral[249], 0, 'the plain float64 value does underflow, which is why log10 is carried');
  assert.equal(r.verdict.regime, 'vanishing');
  assert.equal(r.verdict.horizon, 1, '0.002 ≥ 1e-3 at lag 1, 4e-6 < 1e-3 at lag 2');
});

test('the gradient by lag also survives underflow: linear scalar RNN w = 1e-3', () => {
  const model = modelFromFixture({ W_hh: [[1e-3]], W_xh: [[1]], b_h: [0], activation: 'linear' });
  const T = 200;
  const inputs = Array.from({ length: T }, () => Float64Array.of(1));
  const r = analyzeModel(model, { inputs, h0: new Float64Array(1) }, { inputs: { kind: 'file', steps: T } });
  // h_t = Σ_{s<t} w^s → h_T ≈ 1/(1−w); G_k = g_k h_{k−1} with g_k = h_T w^{T−k}.
  const w = 1e-3;
  const h = [0];
  for (let t = 1; t <= T; t++) h.push(w * h[t - 1] + 1);
  for (const lag of [0, 1, 50, 150, 199]) {
    const k = T - lag;
    const expected = Math.log10(h[T]) + lag * Math.log10(w) + Math.log10(h[k - 1] || 1);
    if (k === 1) assert.equal(r.gradient.log10ByLag[lag], null, 'h_0 = 0: the first step contributes nothing');
    else assertClose(r.gradient.log10ByLag[lag]!, expected, 1e-12, `log10‖G_{T−${lag}}‖`);
  }
});

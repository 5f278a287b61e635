// Past the exact budget the curve is estimated; the estimate must be close to the exact curve and say what it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import type { InputSequence } from '../../../src/core/analysis/inputs';
import { SeededNormal } from '../../../src/core/random';
import { modelFromFixture } from './model-from-fixture';

function randomModel(n: number, scale: number, activation: 'tanh' | 'linear') {
  const rng = new SeededNormal(n);
  const rows = (r: number, c: number, s: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => rng.normal() * s));
  return modelFromFixture({
    W_hh: rows(n, n, scale / Math.sqrt(n)),
    W_xh: rows(n, 2, 0.5),
    b_h: rows(1, n, 0)[0],
    activation,
  });
}

const seq = (n: number, T: number): InputSequence => {
  const rng = new SeededNormal(99);
  return {
    inputs: Array.from({ length: T }, () => Float64Array.of(rng.normal(), rng.normal())),
    h0: new Float64Array(n),
  };
};

for (const [activation, scale] of [
  ['tanh', 1.5],
  ['linear', 0.9],
] as const) {
  test(`${activation}: the estimated curve tracks the exact one and is labelled as an estimate`, () => {
    const n = 120,
      T = 60;
    const model = randomModel(n, scale, activation);
    const exact = analyzeModel(model, seq(n, T), { inputs: { kind: 'file', steps: T } });
    const estimated = analyzeModel(model, seq(n, T), { inputs: { kind: 'file', steps: T }, maxExactFlops: 1 });
    assert.equal(exact.jacobian.exact, true);
    assert.equal(estimated.jacobian.exact, false);
    assert.match(estimated.jacobian.method, /^estimated .*Gaussian probe rows.*lower bound/);
    for (let l = 0; l < T; l++) {
      const fro = estimated.jacobian.log10Frobenius[l]! - exact.jacobian.log10Frobenius[l]!;
      assert.ok(Math.abs(fro) < Math.log10(1.6), `lag ${l + 1}: Frobenius estimate off by ×${(10 ** fro).toFixed(2)}`);
      const spec = estimated.jacobian.log10Spectral[l]! - exact.jacobian.log10Spectral[l]!;
      assert.ok(
        spec <= 1e-9,
        `lag ${l + 1}: the spectral estimate is a lower bound (off by ×${(10 ** spec).toFixed(3)})`,
      );
      if (l >= 9)
        assert.ok(
          spec > Math.log10(0.8),
          `lag ${l + 1}: a long product has a dominant direction, the bound is tight (×${(10 ** spec).toFixed(3)})`,
        );
    }
    assert.equal(estimated.verdict.regime, exact.verdict.regime);
  });
}

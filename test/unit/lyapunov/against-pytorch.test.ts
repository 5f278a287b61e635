// Every exponent against scripts/fixtures/lyapunov.py: PyTorch's modules step the same inputs, autograd gives the
// dense step Jacobians and numpy's Householder QR re-orthonormalises, so nothing is shared with our code but the
// algorithm's definition (the same cadence of QR steps, Q₀ the first k columns of the identity).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lyapunovSpectrum } from '../../../src/core/rnn/lyapunov/benettin';
import { cycledInputs } from '../../../src/core/rnn/lyapunov/input-stream';
import { zeros } from '../../../src/core/linalg/matrix';
import { stateSize, type RecurrentModel } from '../../../src/core/rnn/gated-model';
import { readFixture } from '../helpers';
import { fixtureLayers, type LyapunovFixture } from './fixture-models';

for (const name of ['rnn', 'rnn-every3', 'lstm', 'lstm-proj', 'gru', 'gru-stack', 'rnn-stack', 'lstm-stack']) {
  test(`Lyapunov spectrum of the ${name} fixture matches PyTorch + numpy to 1e-9`, () => {
    const f = readFixture<LyapunovFixture>('lyapunov', `${name}.json`);
    const layers = fixtureLayers(f);
    const run = lyapunovSpectrum(
      {
        layers,
        tangentFrom: 0,
        inputs: cycledInputs(f.inputs.map((r) => Float64Array.from(r))),
        initialDirections: identityColumns(stateOf(layers), f.k),
      },
      { k: f.k, steps: f.steps, warmup: f.warmup, every: f.every },
    );
    assert.equal(run.exponents.length, f.k);
    assert.equal(run.steps, f.steps);
    run.exponents.forEach((l, i) =>
      assert.ok(Math.abs(l - f.exponents[i]) <= 1e-9, `λ_${i + 1}: ${l} against ${f.exponents[i]}`),
    );
  });
}

function stateOf(layers: readonly RecurrentModel[]): number {
  return layers.reduce((a, m) => a + stateSize(m), 0);
}

function identityColumns(S: number, k: number) {
  const Q = zeros(S, k);
  for (let i = 0; i < k; i++) Q.data[i * k + i] = 1;
  return Q;
}

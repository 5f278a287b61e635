// The sup bound claims ‖∂s_t/∂s_{t−1}‖₂ ≤ bound at every step of every trajectory (of T steps, for an LSTM):
// check it against the dense step Jacobians of seeded models with weights large enough to saturate and not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spectralNorm } from '../../../src/core/linalg/svd';
import { runCell, stepJacobians } from '../../../src/core/rnn/cells';
import { supBound } from '../../../src/core/rnn/cells/sup-bound';
import { stateSize, type RecurrentModel } from '../../../src/core/rnn/gated-model';
import { seededGru, seededLstm, seededSequence } from './gated-fixture';

const MODELS: [string, RecurrentModel & { cell: 'lstm' | 'gru' }][] = [];
for (const scale of [0.3, 1, 3]) {
  MODELS.push(
    [`lstm ×${scale}`, seededLstm({ n: 6, m: 3, scale }, 81)],
    [`lstm with a projection ×${scale}`, seededLstm({ n: 6, m: 2, proj: 3, scale }, 82)],
    [`lstm, peepholes, coupled ×${scale}`, seededLstm({ n: 5, m: 2, peepholes: true, coupled: true, scale }, 83)],
    [`lstm, clip ×${scale}`, seededLstm({ n: 5, m: 2, clip: 1, scale }, 84)],
    [`gru ×${scale}`, seededGru({ n: 6, m: 3, resetAfter: true, scale }, 85)],
    [`gru, reset before W_hn ×${scale}`, seededGru({ n: 6, m: 3, resetAfter: false, scale }, 86)],
  );
}

for (const [name, model] of MODELS) {
  test(`${name}: every step's ‖∂s_t/∂s_{t−1}‖₂ is within the sup bound`, () => {
    const T = 25;
    const { inputs, s0 } = seededSequence(model, T, 12, stateSize(model));
    const traj = runCell(model, inputs, s0);
    const bound = supBound(model, s0, T);
    assert.ok(bound.log10PerStep !== null && bound.assumes.length > 0);
    for (let t = 1; t <= T; t++) {
      const norm = spectralNorm(stepJacobians(model, inputs, traj, t).wrtState).value;
      assert.ok(Math.log10(norm) <= bound.log10PerStep! + 1e-12, `step ${t}: ${norm} > 10^${bound.log10PerStep}`);
    }
  });
}

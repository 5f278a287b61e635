// Stacked and bidirectional layers against PyTorch autograd through the multi-layer modules themselves
// (fixtures from scripts/fixtures/gated-stack.py): what each layer receives, each layer's own Jacobian curve on
// its real trajectory, and the whole stack's J(l) = ∂S_T/∂S_{T−l} with ∂h^top_T/∂h^0_{T−l}.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inDirection, inputsOfLayer } from '../../../src/core/analysis/stack-inputs';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { wholeStackCurves } from '../../../src/core/rnn/stack-jacobian';
import { outputSizeOf } from '../../../src/core/rnn/gated-model';
import { assertClose, readFixture } from '../helpers';
import { layerModel, rows, stackOf, type StackFixture } from './torch-stack';

const CASES = [
  'lstm-2-layers',
  'gru-2-layers',
  'rnn-3-layers',
  'lstm-bidirectional-2-layers',
  'gru-bidirectional-2-layers',
];

for (const name of CASES) {
  const f = readFixture<StackFixture>('gated-stack', `${name}.json`);
  const stack = stackOf(f);

  test(`${name}: every layer receives what the PyTorch module hands it`, () => {
    for (const expected of f.perLayer) {
      const got = inputsOfLayer(stack, expected.layer, rows(f.inputs));
      assert.equal(got.length, expected.inputs.length);
      got.forEach((x, t) =>
        expected.inputs[t].forEach((v, j) =>
          assertClose(x[j], v, 1e-12, `layer ${expected.layer} input ${t}[${j}]`, 1e-14),
        ),
      );
    }
    const above = inputsOfLayer(stack, f.layers, rows(f.inputs));
    above.forEach((x, t) =>
      f.topOutputs[t].forEach((v, j) => assertClose(x[j], v, 1e-12, `top output ${t}[${j}]`, 1e-14)),
    );
  });

  test(`${name}: each layer and direction's Jacobian curve on its real trajectory matches autograd`, () => {
    for (const expected of f.perLayer) {
      const model = layerModel(f, expected.layer, expected.direction);
      const inputs = inDirection(
        inputsOfLayer(stack, expected.layer, rows(f.inputs)),
        expected.direction === 'reverse',
      );
      const T = inputs.length;
      const r = analyzeModel(
        model,
        { inputs, h0: new Float64Array(outputSizeOf(model)) },
        { inputs: { kind: 'file', file: 'fixture', steps: T } },
      );
      const where = `layer ${expected.layer} ${expected.direction}`;
      for (let l = 0; l < T; l++) {
        assertClose(r.jacobian.frobenius[l], expected.frobenius[l], 1e-10, `${where} ‖J(${l + 1})‖_F`, 1e-300);
        assertClose(r.jacobian.spectral[l], expected.spectral[l], 1e-10, `${where} ‖J(${l + 1})‖_2`, 1e-300);
        if (f.cell !== 'rnn') {
          const hidden = r.jacobian.hidden!;
          assertClose(
            hidden.frobenius[l],
            expected.hiddenFrobenius[l],
            1e-10,
            `${where} hidden ‖·‖_F, lag ${l + 1}`,
            1e-300,
          );
          assertClose(
            hidden.spectral[l],
            expected.hiddenSpectral[l],
            1e-10,
            `${where} hidden ‖·‖_2, lag ${l + 1}`,
            1e-300,
          );
        }
        if (f.cell === 'lstm') {
          const cell = r.jacobian.cell!;
          assertClose(
            cell.frobenius[l],
            expected.cellFrobenius![l],
            1e-10,
            `${where} cell ‖·‖_F, lag ${l + 1}`,
            1e-300,
          );
          assertClose(cell.spectral[l], expected.cellSpectral![l], 1e-10, `${where} cell ‖·‖_2, lag ${l + 1}`, 1e-300);
        }
      }
    }
  });

  if (f.stack) {
    const expected = f.stack;
    test(`${name}: the whole stack's ∂S_T/∂S_{T−l} and ∂h^top_T/∂h^0_{T−l} match autograd through the module`, () => {
      const layers = stack.layers.map((l) => l.forward);
      const T = f.inputs.length;
      const curves = wholeStackCurves(layers, rows(f.inputs), T);
      for (let l = 0; l < T; l++) {
        const at = (v: number | null) => (v === null ? 0 : 10 ** v);
        assertClose(at(curves.jacobian.log10Frobenius[l]), expected.frobenius[l], 1e-10, `‖J(${l + 1})‖_F`);
        assertClose(at(curves.jacobian.log10Spectral[l]), expected.spectral[l], 1e-10, `‖J(${l + 1})‖_2`);
        const top = curves.topToBottom;
        assertClose(
          at(top.log10Frobenius[l]),
          expected.topToBottomFrobenius[l],
          1e-10,
          `top→bottom ‖·‖_F, lag ${l + 1}`,
        );
        assertClose(at(top.log10Spectral[l]), expected.topToBottomSpectral[l], 1e-10, `top→bottom ‖·‖_2, lag ${l + 1}`);
      }
    });
  }
}

test('the whole stack is cancelled between lags', () => {
  const f = readFixture<StackFixture>('gated-stack', 'lstm-2-layers.json');
  const layers = stackOf(f).layers.map((l) => l.forward);
  let lagsDone = 0;
  assert.throws(
    () =>
      wholeStackCurves(layers, rows(f.inputs), f.inputs.length, {
        isCancelled: () => lagsDone >= 2,
        onProgress: () => lagsDone++,
      }),
    /cancel/i,
  );
  assert.equal(lagsDone, 2);
});

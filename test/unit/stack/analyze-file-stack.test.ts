// A deep layer and the whole stack from the file a user has (a torch.save'd state_dict of a multi-layer module),
// against PyTorch autograd through the module (scripts/fixtures/gated-stack.py): the inputs feed layer 1 and the
// layers below run on them, or, as wide as only the analysed layer's inputs, are that layer's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { InputError } from '../../../src/core/errors';
import { assertClose, fixturePath, readFixture } from '../helpers';
import type { StackFixture } from './torch-stack';

const file = (name: string, suffix: string) => fixturePath('gated-stack', `${name}${suffix}`);

function assertCurve(got: number[], expected: number[], what: string): void {
  assert.equal(got.length, expected.length, `${what}: lags`);
  expected.forEach((v, l) => assertClose(got[l], v, 1e-10, `${what}, lag ${l + 1}`, 1e-300));
}

for (const name of ['lstm-2-layers', 'gru-2-layers', 'rnn-3-layers', 'lstm-bidirectional-2-layers']) {
  const f = readFixture<StackFixture>('gated-stack', `${name}.json`);
  const deep = f.perLayer.filter((p) => p.layer === 1);

  for (const expected of deep) {
    const reverse = expected.direction === 'reverse';
    test(`${name}: layer 2 ${expected.direction}, from the .pt and layer 1's inputs, runs on what layer 1 hands it`, () => {
      const r = analyzeFile(file(name, '.pt'), {
        inputs: { kind: 'file', file: file(name, '.inputs.json') },
        layer: 1,
        direction: expected.direction,
      });
      assert.equal(r.inputs.feeds, 'first-layer');
      assert.equal(r.model.layer, 1);
      assert.equal(r.model.cell, f.cell);
      assertCurve(r.jacobian.frobenius, expected.frobenius, 'full ‖·‖_F');
      assertCurve(r.jacobian.spectral, expected.spectral, 'full ‖·‖_2');
      if (f.cell === 'lstm') assertCurve(r.jacobian.cell!.spectral, expected.cellSpectral!, 'cell path ‖·‖_2');
    });
    if (!reverse) {
      test(`${name}: rows as wide as only layer 2's inputs are its own inputs, and the output says so`, () => {
        const r = analyzeFile(file(name, '.pt'), {
          inputs: { kind: 'file', file: file(name, '.layer2-inputs.json') },
          layer: 1,
        });
        assert.equal(r.inputs.feeds, 'this-layer');
        assertCurve(r.jacobian.spectral, expected.spectral, 'full ‖·‖_2');
      });
    }
  }

  if (f.stack) {
    const expected = f.stack;
    test(`${name}: --stack from the .pt gives the whole stack's curves of autograd through the module`, () => {
      const r = analyzeFile(file(name, '.pt'), {
        inputs: { kind: 'file', file: file(name, '.inputs.json') },
        stack: true,
      });
      assert.ok(r.stack, 'result.stack');
      assert.equal(r.stack.layers, f.layers);
      assertCurve(r.stack.jacobian.frobenius, expected.frobenius, 'stack ‖·‖_F');
      assertCurve(r.stack.jacobian.spectral, expected.spectral, 'stack ‖·‖_2');
      assertCurve(r.stack.topToBottom.frobenius, expected.topToBottomFrobenius, 'top→bottom ‖·‖_F');
      assertCurve(r.stack.topToBottom.spectral, expected.topToBottomSpectral, 'top→bottom ‖·‖_2');
      // Without --stack there is no stack key: nothing existing changes.
      const plain = analyzeFile(file(name, '.pt'), { inputs: { kind: 'file', file: file(name, '.inputs.json') } });
      assert.equal(plain.stack, undefined);
      assert.equal(plain.inputs.feeds, undefined);
    });
  }
}

test('--stack on a bidirectional stack is refused with the reason, naming the file', () => {
  const weights = file('lstm-bidirectional-2-layers', '.pt');
  assert.throws(
    () => analyzeFile(weights, { inputs: { kind: 'zeros', steps: 5 }, stack: true }),
    (e: unknown) => e instanceof InputError && e.message.includes(weights) && /unidirectional/.test(e.message),
  );
});

test('inputs neither layer 1 nor the analysed layer can take are refused, naming the file and the row', () => {
  const inputs = fixturePath('gated-stack', 'gru-bidirectional-2-layers.inputs.json'); // 2 columns
  assert.throws(
    () => analyzeFile(file('lstm-2-layers', '.pt'), { inputs: { kind: 'file', file: inputs }, layer: 1 }),
    (e: unknown) => e instanceof InputError && e.message.includes(inputs) && /\$\.inputs\[0\]/.test(e.message),
  );
});

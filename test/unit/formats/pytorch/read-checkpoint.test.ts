// Every PyTorch fixture read as torch.load reads it: the same tensors at the same dotted paths, with torch's
// dtype, shape, stride, storage offset and values, the same storage sharing, and the checkpoint's own metadata.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  looksLikeTorchFile,
  readTorchCheckpoint,
  torchCheckpointToTensorFile,
} from '../../../../src/core/formats/pytorch';
import type { TorchCheckpoint } from '../../../../src/core/formats/pytorch';
import { checkpointSummary } from '../../../../src/core/formats/pytorch/checkpoint-summary';
import { assertSameValues, fixtureBytes } from '../fixtures';
import { expectedTorch, torchFixture, type ExpectedTorchTensor } from './fixtures';

function sharedGroups(c: TorchCheckpoint): string[][] {
  const byKey = new Map<string, string[]>();
  for (const t of c.tensors.values()) byKey.set(t.storageKey, [...(byKey.get(t.storageKey) ?? []), t.name]);
  return [...byKey.values()]
    .filter((g) => g.length > 1)
    .map((g) => g.sort())
    .sort();
}

export function assertTorchTensors(c: TorchCheckpoint, want: Record<string, ExpectedTorchTensor>, what: string): void {
  assert.deepEqual([...c.tensors.keys()].sort(), Object.keys(want).sort(), `${what}: tensor names`);
  for (const [name, w] of Object.entries(want)) {
    const t = c.tensors.get(name);
    assert.ok(t);
    assert.equal(t.dtype, w.dtype, `${what} ${name}: dtype`);
    assert.deepEqual([...t.shape], w.shape, `${what} ${name}: shape`);
    assert.deepEqual([...t.stride], w.stride, `${what} ${name}: stride`);
    assert.equal(t.storageOffset, w.storage_offset, `${what} ${name}: storage offset`);
    if (w.values) assertSameValues(t.values(), w.values, `${what} ${name}`);
    else assert.equal(t.readable, false, `${what} ${name}: complex values are not read`);
  }
}

describe('PyTorch files: what torch.load reads back', () => {
  for (const [rel, want] of Object.entries(expectedTorch().files)) {
    it(rel, () => {
      const c = readTorchCheckpoint(torchFixture(rel), rel);
      assert.equal(c.serialization, want.serialization);
      assertTorchTensors(c, want.tensors, rel);
      assert.deepEqual(sharedGroups(c), want.shared, 'tensors sharing a storage');
      for (const [key, value] of Object.entries(want.metadata ?? {}))
        assert.equal((c.metadata as Record<string, unknown>)[key], value, `metadata ${key}`);
      if (want.weightsPath !== undefined) assert.equal(c.weightsPath, want.weightsPath, 'weightsPath');
    });
  }
});

describe('PyTorch files: the checkpoint around the tensors', () => {
  it('zip archives name their top folder, byte order and version; legacy files their protocol', () => {
    const zip = readTorchCheckpoint(torchFixture('rnn-state-dict.pt'), 'a.pt');
    assert.equal(zip.archiveName, 'rnn-state-dict');
    assert.equal(zip.littleEndian, true);
    assert.equal(zip.version, '3');
    assert.equal(readTorchCheckpoint(torchFixture('rnn-big-endian.pt'), 'b.pt').littleEndian, false);
    const legacy = readTorchCheckpoint(torchFixture('rnn-state-dict-legacy.pt'), 'c.pt');
    assert.equal(legacy.version, '1001');
    assert.equal(legacy.archiveName, undefined);
  });

  it('a Lightning checkpoint: hyper-parameters as data, optimizer state beside the weights', () => {
    const c = readTorchCheckpoint(torchFixture('lightning.ckpt'), 'l.ckpt');
    assert.equal(c.metadata.hyperParametersFrom, 'hyper_parameters');
    const hp = c.metadata.hyperParameters;
    assert.ok(hp?.kind === 'dict');
    assert.deepEqual(
      hp.entries.map((e) => e.key),
      ['hidden_size', 'lr', 'cell', 'layers'],
    );
    assert.equal(c.metadata.learningRateFrom, 'hyper_parameters.lr');
    assert.ok(c.tensors.has('optimizer_states.0.state.0.exp_avg'));
    assert.deepEqual(c.placeholders, []);
    // The tree is plain data: it survives JSON unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(c.root)), c.root);
  });

  it('a training-loop dict: the learning rate from the optimizer, argparse arguments as hyper-parameters', () => {
    const c = readTorchCheckpoint(torchFixture('training-loop.tar'), 't.tar');
    assert.equal(c.metadata.learningRateFrom, 'args.lr');
    const args = c.metadata.hyperParameters;
    assert.ok(args?.kind === 'dict' && args.className === 'argparse.Namespace');
    assert.deepEqual(
      args.entries.map((e) => [e.key, e.node]),
      [
        ['lr', { kind: 'value', value: 0.05 }],
        ['hidden', { kind: 'value', value: 3 }],
        ['name', { kind: 'value', value: 'run-1' }],
      ],
    );
  });

  it('a pickled module: its classes are placeholders, its parameters named as its state_dict', () => {
    for (const rel of ['whole-module.pt', 'whole-module-legacy.pt']) {
      const c = readTorchCheckpoint(torchFixture(rel), rel);
      const classes = c.placeholders.map((p) => `${p.className} at '${p.path}'`);
      assert.ok(classes.includes("__main__.Net at ''"), classes.join('\n'));
      assert.ok(classes.includes("torch.nn.modules.rnn.RNN at 'rnn'"), classes.join('\n'));
      assert.ok(c.tensors.get('rnn.weight_hh_l0')?.isParameter);
      assert.equal(c.tensors.get('scale')?.isParameter, false);
    }
  });

  it('a TorchScript archive is read and says what it is', () => {
    const c = readTorchCheckpoint(torchFixture('torchscript.pt'), 's.pt');
    assert.match(c.notes.join('\n'), /TorchScript archive \(torch\.jit\.save\).*state_dict/);
  });

  it('as a TensorFile: the float tensors (eager or lazy alike), the rest listed', () => {
    const c = readTorchCheckpoint(torchFixture('dtypes.pt'), 'd.pt');
    const want = expectedTorch().files['dtypes.pt'].tensors;
    for (const lazy of [false, true]) {
      const f = torchCheckpointToTensorFile(c, { lazy });
      assert.deepEqual([...f.tensors.keys()], ['f32', 'f64', 'f16', 'bf16', 'scalar']);
      assert.deepEqual(
        [...f.tensors.values()].map((t) => t.dtype),
        ['F32', 'F64', 'F16', 'BF16', 'F32'],
      );
      for (const t of f.tensors.values()) assertSameValues(t.data, want[t.name].values ?? [], t.name);
      const listed = (f.metadata.listedOnly as { name: string }[]).map((t) => t.name);
      assert.deepEqual(listed, ['i64', 'i32', 'i16', 'i8', 'u8', 'bool', 'c64']);
      assert.equal(f.format, 'pytorch-zip');
    }
  });

  it('is recognised by its bytes: torch zips, legacy files and TorchScript, not an .npz or a safetensors file', () => {
    for (const rel of ['rnn-state-dict.pt', 'rnn-state-dict-legacy.pt', 'torchscript.pt', 'rnn-deflated.pt'])
      assert.equal(looksLikeTorchFile(torchFixture(rel)), true, rel);
    for (const rel of ['npz/stored.npz', 'npz/deflated.npz', 'safetensors/dtypes.safetensors', 'npy/scalar.npy'])
      assert.equal(looksLikeTorchFile(fixtureBytes(rel)), false, rel);
  });

  it("Lightning's AttributeDict of hyper-parameters: a placeholder dict whose items are still read", () => {
    const c = readTorchCheckpoint(torchFixture('lightning-attribute-dict.ckpt'), 'a.ckpt');
    const hp = c.metadata.hyperParameters;
    assert.ok(hp?.kind === 'object' && hp.className === '__main__.AttributeDict');
    assert.deepEqual(
      hp.entries?.map((e) => e.key),
      ['lr', 'hidden_size'],
    );
    // In --json (model.checkpoint), its items, as scripts/fixtures/pytorch.py saved them: AttributeDict(lr=0.02,
    // hidden_size=3); the class is among the placeholders.
    const summary = checkpointSummary(c);
    assert.deepEqual(summary.hyperParameters, { lr: 0.02, hidden_size: 3 });
    assert.deepEqual(summary.placeholders, [{ className: '__main__.AttributeDict', path: 'hyper_parameters' }]);
  });
});

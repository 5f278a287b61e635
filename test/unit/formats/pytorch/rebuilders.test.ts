// The rebuild functions newer PyTorch versions write (torch 1.13 writes none of them, so these pickles are built
// by hand from the opcodes): _rebuild_tensor_v3 over an untyped storage, _rebuild_from_type_v2 and
// _rebuild_parameter_with_state, torch.device and torch.Size, bytes through _codecs.encode.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { resolveTorchGlobal } from '../../../../src/core/formats/pytorch/allowed-globals';
import { StorageRegistry } from '../../../../src/core/formats/pytorch/storages';
import { readStrided } from '../../../../src/core/formats/pytorch/strided';
import { DeviceValue, TensorValue } from '../../../../src/core/formats/pytorch/natives';
import { unpickle } from '../../../../src/core/formats/pickle/unpickler';
import { PyBytes, PyTuple, type PyValue } from '../../../../src/core/formats/pickle/values';

const enc = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const str = (s: string): number[] => {
  const utf8 = [...new TextEncoder().encode(s)];
  return [0x8c, utf8.length, ...utf8]; // SHORT_BINUNICODE
};
const glob = (module: string, name: string): number[] => enc(`c${module}\n${name}\n`);
const int1 = (n: number): number[] => [0x4b, n];
const hooks = [...glob('collections', 'OrderedDict'), 0x29, 0x52];
/** ('storage', cls, '0', 'cpu', numel) as a persistent id */
const storage = (cls: string, numel: number): number[] => [
  0x28,
  ...str('storage'),
  ...glob('torch', cls),
  ...str('0'),
  ...str('cpu'),
  ...int1(numel),
  0x74,
  0x51,
];
const v2Args = (cls: string): number[] => [
  0x28,
  ...storage(cls, 2),
  ...int1(0),
  ...int1(2),
  0x85,
  ...int1(1),
  0x85,
  0x88,
  ...hooks,
  0x74,
];

/** float32 1.5 and -2, little-endian */
const DATA = Uint8Array.from([0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]);

function load(body: number[]): PyValue {
  const registry = new StorageRegistry('t.pkl', '', (s) => {
    s.locate(DATA.length, (from, to) => DATA.subarray(from, to));
  });
  return unpickle(Uint8Array.from([0x80, 0x02, ...body, 0x2e]), {
    file: 't.pkl',
    where: '',
    resolveGlobal: resolveTorchGlobal,
    persistentLoad: registry.load,
  }).value;
}

function assertTensor(v: PyValue, parameter: boolean): void {
  assert.ok(v instanceof TensorValue);
  assert.equal(v.dtype.name, 'float32');
  assert.equal(v.isParameter, parameter);
  assert.deepEqual([...readStrided(DATA, v, true, 't.pkl', 't')], [1.5, -2]);
}

describe('rebuild functions of newer PyTorch versions', () => {
  it('_rebuild_tensor_v3: an untyped storage read with the dtype argument', () => {
    const args = [
      0x28,
      ...storage('UntypedStorage', 8),
      ...int1(0),
      ...int1(2),
      0x85,
      ...int1(1),
      0x85,
      0x89,
      ...hooks,
      ...glob('torch', 'float32'),
      0x74,
    ];
    assertTensor(load([...glob('torch._utils', '_rebuild_tensor_v3'), ...args, 0x52]), false);
  });

  it('_rebuild_from_type_v2 with Parameter, and _rebuild_parameter_with_state, make parameters', () => {
    const v2 = glob('torch._utils', '_rebuild_tensor_v2');
    const fromType = [
      ...glob('torch._tensor', '_rebuild_from_type_v2'),
      0x28,
      ...v2,
      ...glob('torch.nn.parameter', 'Parameter'),
      ...v2Args('FloatStorage'),
      0x7d,
      0x74,
      0x52,
    ];
    assertTensor(load(fromType), true);
    const withState = [
      ...glob('torch._utils', '_rebuild_parameter_with_state'),
      0x28,
      ...v2,
      ...v2Args('FloatStorage'),
      0x52,
      0x88,
      ...hooks,
      0x7d,
      0x74,
      0x52,
    ];
    assertTensor(load(withState), true);
  });

  it('torch.device, torch.Size and _codecs.encode give data', () => {
    const device = load([...glob('torch', 'device'), ...str('cuda'), ...int1(1), 0x86, 0x52]);
    assert.ok(device instanceof DeviceValue && device.device === 'cuda:1');
    const size = load([...glob('torch', 'Size'), ...int1(3), ...int1(4), 0x86, 0x85, 0x52]);
    assert.ok(size instanceof PyTuple && size.items.join() === '3,4');
    const bytes = load([...glob('_codecs', 'encode'), ...str('\u00ff\u0001'), ...str('latin1'), 0x86, 0x52]);
    assert.ok(bytes instanceof PyBytes && [...bytes.bytes].join() === '255,1');
  });
});

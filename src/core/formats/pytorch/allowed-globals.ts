// The PyTorch globals a checkpoint may name, as inert rules (modelled on torch/_weights_only_unpickler.py):
// the tensor and parameter rebuilders, storage classes, dtypes, torch.Size and torch.device. The rebuilders
// record the tensor's storage, offset, shape and stride; nothing of PyTorch is run or needed.
import { pythonBuiltin } from '../pickle/python-builtins';
import { PickleCallError } from '../pickle/unpickler';
import { kindOf, PyCallable, PyTuple, type PyValue } from '../pickle/values';
import { STORAGE_CLASSES, TORCH_DTYPES } from './dtypes';
import { DeviceValue, DTypeValue, StorageClassValue, TensorValue, TorchStorage } from './natives';

function index(v: PyValue | undefined, what: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  throw new PickleCallError(`${what} must be a non-negative integer, found ${v === undefined ? 'nothing' : kindOf(v)}`);
}

function indices(v: PyValue | undefined, what: string): number[] {
  if (!(v instanceof PyTuple)) throw new PickleCallError(`${what} must be a tuple of integers`);
  return v.items.map((d, i) => index(d, `${what}[${i}]`));
}

function tensor(
  storage: PyValue | undefined,
  offset: PyValue | undefined,
  size: PyValue | undefined,
  stride: PyValue | undefined,
  requiresGrad: PyValue | undefined,
  dtype: DTypeValue | undefined,
  at: number,
): TensorValue {
  if (!(storage instanceof TorchStorage))
    throw new PickleCallError(`the storage argument is ${storage === undefined ? 'missing' : kindOf(storage)}`);
  const shape = indices(size, 'size');
  const strides = indices(stride, 'stride');
  if (shape.length !== strides.length)
    throw new PickleCallError(`size has ${shape.length} dimensions but stride has ${strides.length}`);
  const d = dtype?.dtype ?? storage.dtype;
  return new TensorValue(storage, d, index(offset, 'storage offset'), shape, strides, requiresGrad === true, false, at);
}

function asTensor(v: PyValue | undefined, what: string): TensorValue {
  if (v instanceof TensorValue) return v;
  throw new PickleCallError(`${what} must be a tensor, found ${v === undefined ? 'nothing' : kindOf(v)}`);
}

const PARAMETER = 'torch.nn.parameter.Parameter';

type Rule = (args: readonly PyValue[], at: number) => PyValue;

const REBUILDERS = new Map<string, Rule>([
  ['torch._utils._rebuild_tensor', (a, at) => tensor(a[0], a[1], a[2], a[3], false, undefined, at)],
  ['torch._utils._rebuild_tensor_v2', (a, at) => tensor(a[0], a[1], a[2], a[3], a[4], undefined, at)],
  [
    'torch._utils._rebuild_tensor_v3',
    (a, at) => {
      if (!(a[6] instanceof DTypeValue)) throw new PickleCallError('the dtype argument must be a torch dtype');
      return tensor(a[0], a[1], a[2], a[3], a[4], a[6], at);
    },
  ],
  ['torch._utils._rebuild_parameter', (a) => asTensor(a[0], 'data').asParameter(a[1] === true)],
  ['torch._utils._rebuild_parameter_with_state', (a) => asTensor(a[0], 'data').asParameter(a[1] === true)],
  [PARAMETER, (a) => asTensor(a[0], 'data').asParameter(a[1] !== false)],
  [
    'torch._tensor._rebuild_from_type_v2',
    (a, at) => {
      const [func, newType, args] = a;
      if (!(func instanceof PyCallable) || !REBUILDERS.has(func.fullName))
        throw new PickleCallError(`the rebuild function must be an allowed one, found ${kindOf(func ?? null)}`);
      if (!(args instanceof PyTuple)) throw new PickleCallError('the arguments must be a tuple');
      const t = asTensor(func.call(args.items, at), 'the rebuilt value');
      return newType instanceof PyCallable && newType.fullName === PARAMETER ? t.asParameter(t.requiresGrad) : t;
    },
  ],
  [
    'torch.Size',
    (a) => {
      if (a.length === 0) return new PyTuple([]);
      return new PyTuple(indices(a[0], 'torch.Size'));
    },
  ],
  [
    'torch.device',
    (a) => {
      const [type, n] = a;
      if (typeof type !== 'string') throw new PickleCallError('torch.device needs a device name');
      return new DeviceValue(typeof n === 'number' ? `${type}:${n}` : type);
    },
  ],
  ['torch.serialization._get_layout', (a) => (typeof a[0] === 'string' ? a[0] : null)],
  [
    'torch.Tensor',
    () => {
      throw new PickleCallError('torch.Tensor is only a type marker here');
    },
  ],
]);

/** The value of an allowed global, or undefined (the unpickler then keeps a placeholder). */
export function resolveTorchGlobal(module: string, name: string): PyValue | undefined {
  const fullName = `${module}.${name}`;
  const rule = REBUILDERS.get(fullName);
  if (rule) return new PyCallable(fullName, rule);
  if (module === 'torch' || module === 'torch.cuda') {
    const held = TORCH_DTYPES.get(STORAGE_CLASSES.get(name) ?? '');
    if (held) return new StorageClassValue(name, held);
  }
  if (module === 'torch') {
    const dtype = TORCH_DTYPES.get(name);
    if (dtype) return new DTypeValue(dtype);
  }
  return pythonBuiltin(module, name);
}

// PyTorch's element types: the dtype names a pickle uses, the storage classes that imply them, and how each
// element is read. Floats are analysed; integers and bool are listed (their values readable); the rest listed only.
import type { StoredFloat } from '../elements';

export interface TorchDType {
  /** PyTorch's name without `torch.`: float32, bfloat16, int64 … */
  readonly name: string;
  readonly size: number;
  /** The float types the analysis reads. */
  readonly analysed?: StoredFloat;
  /** Reads one element at a byte offset; absent for complex and quantized types. */
  readonly read?: (view: DataView, at: number, littleEndian: boolean) => number;
}

const types: TorchDType[] = [
  { name: 'float64', size: 8, analysed: 'F64', read: (v, at, le) => v.getFloat64(at, le) },
  { name: 'float32', size: 4, analysed: 'F32', read: (v, at, le) => v.getFloat32(at, le) },
  { name: 'float16', size: 2, analysed: 'F16' },
  { name: 'bfloat16', size: 2, analysed: 'BF16' },
  { name: 'int64', size: 8, read: (v, at, le) => Number(v.getBigInt64(at, le)) },
  { name: 'int32', size: 4, read: (v, at, le) => v.getInt32(at, le) },
  { name: 'int16', size: 2, read: (v, at, le) => v.getInt16(at, le) },
  { name: 'int8', size: 1, read: (v, at) => v.getInt8(at) },
  { name: 'uint8', size: 1, read: (v, at) => v.getUint8(at) },
  { name: 'uint16', size: 2, read: (v, at, le) => v.getUint16(at, le) },
  { name: 'uint32', size: 4, read: (v, at, le) => v.getUint32(at, le) },
  { name: 'uint64', size: 8, read: (v, at, le) => Number(v.getBigUint64(at, le)) },
  { name: 'bool', size: 1, read: (v, at) => (v.getUint8(at) ? 1 : 0) },
  { name: 'complex32', size: 4 },
  { name: 'complex64', size: 8 },
  { name: 'complex128', size: 16 },
  { name: 'qint8', size: 1 },
  { name: 'quint8', size: 1 },
  { name: 'qint32', size: 4 },
  { name: 'quint4x2', size: 1 },
  { name: 'quint2x4', size: 1 },
  { name: 'float8_e4m3fn', size: 1 },
  { name: 'float8_e5m2', size: 1 },
  { name: 'float8_e4m3fnuz', size: 1 },
  { name: 'float8_e5m2fnuz', size: 1 },
];

export const TORCH_DTYPES: ReadonlyMap<string, TorchDType> = new Map(types.map((t) => [t.name, t]));

/** The aliases PyTorch also accepts as attribute names (`torch.float` is float32). */
const ALIASES = new Map([
  ['float', 'float32'],
  ['double', 'float64'],
  ['half', 'float16'],
  ['long', 'int64'],
  ['int', 'int32'],
  ['short', 'int16'],
  ['cfloat', 'complex64'],
  ['cdouble', 'complex128'],
  ['chalf', 'complex32'],
]);

export function dtypeByName(name: string): TorchDType | undefined {
  return TORCH_DTYPES.get(ALIASES.get(name) ?? name);
}

/** The typed storage classes (`torch.FloatStorage` …) and the dtype each holds; UntypedStorage holds bytes. */
export const STORAGE_CLASSES: ReadonlyMap<string, string> = new Map([
  ['DoubleStorage', 'float64'],
  ['FloatStorage', 'float32'],
  ['HalfStorage', 'float16'],
  ['BFloat16Storage', 'bfloat16'],
  ['LongStorage', 'int64'],
  ['IntStorage', 'int32'],
  ['ShortStorage', 'int16'],
  ['CharStorage', 'int8'],
  ['ByteStorage', 'uint8'],
  ['BoolStorage', 'bool'],
  ['ComplexFloatStorage', 'complex64'],
  ['ComplexDoubleStorage', 'complex128'],
  ['QUInt8Storage', 'quint8'],
  ['QInt8Storage', 'qint8'],
  ['QInt32Storage', 'qint32'],
  ['QUInt4x2Storage', 'quint4x2'],
  ['QUInt2x4Storage', 'quint2x4'],
  ['UntypedStorage', 'uint8'],
]);

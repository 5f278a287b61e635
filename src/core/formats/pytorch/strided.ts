// Reading a strided view of a storage as row-major float64: offset and stride honoured, any dtype with a reader.
import { InputError } from '../../errors';
import { decodeFloats, elementCount } from '../elements';
import { bfloat16ToNumber, halfTableLookup } from '../float16';
import type { TorchDType } from './dtypes';

export interface StridedView {
  readonly dtype: TorchDType;
  readonly storageOffset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** The number of storage elements the view reaches (0 for an empty tensor): the highest index + 1. */
export function elementsReached(view: StridedView): number {
  if (view.shape.some((d) => d === 0)) return 0;
  let last = view.storageOffset;
  for (let d = 0; d < view.shape.length; d++) last += (view.shape[d] - 1) * view.stride[d];
  return last + 1;
}

/** Row-major strides: the view is one block of the storage. */
export function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

/** The element reader of a dtype, widened to float64; undefined for complex and quantized types. */
function elementReader(dtype: TorchDType): ((view: DataView, at: number, le: boolean) => number) | undefined {
  if (dtype.name === 'float16') {
    const table = halfTableLookup();
    return (v, at, le) => table[v.getUint16(at, le)];
  }
  if (dtype.name === 'bfloat16') return (v, at, le) => bfloat16ToNumber(v.getUint16(at, le));
  return dtype.read;
}

export function canReadValues(dtype: TorchDType): boolean {
  return elementReader(dtype) !== undefined;
}

/**
 * The view's elements in row-major order. The caller has checked that the view lies inside `bytes`
 * (elementsReached × element size ≤ bytes.length).
 */
export function readStrided(
  bytes: Uint8Array,
  view: StridedView,
  littleEndian: boolean,
  file: string,
  tensorName: string,
): Float64Array {
  const { dtype, shape, stride, storageOffset } = view;
  const read = elementReader(dtype);
  if (!read) {
    throw new InputError(file, `tensor '${tensorName}'`, `dtype ${dtype.name} is listed only; its values are not read`);
  }
  const count = elementCount(shape) ?? 0;
  if (dtype.analysed && isContiguous(shape, stride))
    return decodeFloats(bytes, storageOffset * dtype.size, count, dtype.analysed, littleEndian);
  const out = new Float64Array(count);
  if (count === 0) return out;
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = shape.length;
  if (rank === 0) {
    out[0] = read(data, storageOffset * dtype.size, littleEndian);
    return out;
  }
  // An odometer over all but the last dimension; the last one is a strided run.
  const counter = new Array<number>(rank).fill(0);
  const inner = shape[rank - 1];
  const innerStep = stride[rank - 1] * dtype.size;
  let base = storageOffset;
  for (let o = 0; o < count; o += inner) {
    let at = base * dtype.size;
    for (let i = 0; i < inner; i++, at += innerStep) out[o + i] = read(data, at, littleEndian);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]++;
      base += stride[d];
      if (counter[d] < shape[d]) break;
      base -= stride[d] * shape[d];
      counter[d] = 0;
    }
  }
  return out;
}

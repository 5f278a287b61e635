// Turning stored float elements (any width, either byte order) into float64, and refusing NaN/Inf.
import { InputError } from '../errors';
import { bfloat16ToNumber, halfTableLookup } from './float16';

export type StoredFloat = 'F64' | 'F32' | 'F16' | 'BF16';

export const ELEMENT_SIZE: Readonly<Record<StoredFloat, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/** Reads `count` elements starting at `offset`; the caller has checked that they lie inside `bytes`. */
export function decodeFloats(
  bytes: Uint8Array,
  offset: number,
  count: number,
  dtype: StoredFloat,
  littleEndian: boolean,
): Float64Array {
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * ELEMENT_SIZE[dtype]);
  switch (dtype) {
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, littleEndian);
      break;
    case 'F32':
      // An aligned little-endian block converts in one typed-array copy: the common case and the fast one.
      if (littleEndian && (bytes.byteOffset + offset) % 4 === 0) {
        out.set(new Float32Array(bytes.buffer, bytes.byteOffset + offset, count));
      } else {
        for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, littleEndian);
      }
      break;
    case 'F16': {
      const table = halfTableLookup();
      for (let i = 0; i < count; i++) out[i] = table[view.getUint16(i * 2, littleEndian)];
      break;
    }
    case 'BF16':
      for (let i = 0; i < count; i++) out[i] = bfloat16ToNumber(view.getUint16(i * 2, littleEndian));
      break;
  }
  return out;
}

/** `[i, j, …]` for the row-major flat index `flat` of an array of `shape`. */
export function multiIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return `[${index.join(', ')}]`;
}

/** Weights that are NaN or ±Inf make every later number meaningless, so they stop the read with their place. */
export function assertFinite(data: Float64Array, shape: readonly number[], file: string, tensorName: string): void {
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x - x !== 0) {
      throw new InputError(
        file,
        `tensor '${tensorName}' element ${multiIndex(i, shape)}`,
        `value is ${x}; weights must be finite`,
      );
    }
  }
}

/** Product of the dimensions, refusing anything that is not a non-negative safe integer. */
export function elementCount(shape: readonly number[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return undefined;
    n *= d;
    if (!Number.isSafeInteger(n)) return undefined;
  }
  return n;
}

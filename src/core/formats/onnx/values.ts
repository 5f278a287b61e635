// A TensorProto's numbers, widened to float64: from raw_data (little-endian), float_data / double_data, or an
// external data file beside the model. The element count the dims promise is checked against the bytes present
// before anything is allocated.
import { InputError } from '../../errors';
import { bfloat16ToNumber, halfToNumber } from '../float16';
import type { MemoryBudget } from '../limits';
import type { SourceDType } from '../../tensors';
import type { OnnxTensor } from './proto';

/** onnx.proto TensorProto.DataType: the floating types a weight may have. */
const FLOAT_TYPES: ReadonlyMap<number, { dtype: SourceDType; size: number }> = new Map([
  [1, { dtype: 'F32', size: 4 }],
  [11, { dtype: 'F64', size: 8 }],
  [10, { dtype: 'F16', size: 2 }],
  [16, { dtype: 'BF16', size: 2 }],
]);

/** Reads `length` bytes at `offset` of a file named by an initializer's external_data location. */
export type ExternalReader = (
  location: string,
  offset: number,
  length: number | undefined,
  where: string,
) => Uint8Array;

export interface DecodedValues {
  readonly dtype: SourceDType;
  readonly data: Float64Array;
}

export function tensorValues(
  t: OnnxTensor,
  file: string,
  readExternal: ExternalReader,
  budget: MemoryBudget,
): DecodedValues {
  const where = `tensor "${t.name}" (${t.path})`;
  const fail = (problem: string) => new InputError(file, where, problem);
  const type = FLOAT_TYPES.get(t.dataType);
  if (!type) throw fail(`data_type ${t.dataType} is not a floating-point type (float, double, float16, bfloat16)`);
  let count = 1;
  for (const d of t.dims) {
    if (!Number.isSafeInteger(d)) throw fail(`dimension ${d} is not a size`);
    count *= d;
    if (count > Number.MAX_SAFE_INTEGER) throw fail('dims overflow');
  }
  let bytes: Uint8Array;
  if (t.dataLocation === 1 || t.external) {
    const location = t.external?.get('location');
    if (!location) throw fail('external data without a location');
    const offset = Number(t.external?.get('offset') ?? '0');
    const lengthText = t.external?.get('length');
    const length = lengthText === undefined ? undefined : Number(lengthText);
    if (!Number.isSafeInteger(offset) || offset < 0) throw fail(`external data offset "${t.external?.get('offset')}"`);
    if (length !== undefined && (!Number.isSafeInteger(length) || length < 0))
      throw fail(`external data length "${lengthText}"`);
    if (length !== undefined && length < count * type.size) {
      throw fail(
        `external data length ${length} is shorter than dims [${t.dims.join(', ')}] need (${count * type.size})`,
      );
    }
    // The bytes read from the data file are held while they are decoded: charged like the decoded values.
    const readLength = length === undefined ? count * type.size : length;
    budget.charge(readLength, file, where, `reading external data "${location}"`);
    try {
      bytes = readExternal(location, offset, readLength, where);
      return decode(bytes, type, count, t, fail, budget, file, where);
    } finally {
      budget.refund(readLength);
    }
  } else if (t.rawData) bytes = t.rawData;
  else if (t.floatData || t.doubleData) {
    return fromRepeated(t, count, fail, budget, file, where);
  } else bytes = new Uint8Array(0);
  return decode(bytes, type, count, t, fail, budget, file, where);
}

function decode(
  bytes: Uint8Array,
  type: { dtype: SourceDType; size: number },
  count: number,
  t: OnnxTensor,
  fail: (problem: string) => InputError,
  budget: MemoryBudget,
  file: string,
  where: string,
): DecodedValues {
  if (bytes.length < count * type.size) {
    throw fail(`holds ${bytes.length} bytes, dims [${t.dims.join(', ')}] need ${count * type.size}`);
  }
  budget.charge(count * 8, file, where, 'decoding it as float64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (type.dtype === 'F32') data[i] = view.getFloat32(4 * i, true);
    else if (type.dtype === 'F64') data[i] = view.getFloat64(8 * i, true);
    else if (type.dtype === 'F16') data[i] = halfToNumber(view.getUint16(2 * i, true));
    else data[i] = bfloat16ToNumber(view.getUint16(2 * i, true));
  }
  return { dtype: type.dtype, data };
}

/** float_data (packed floats or, for float16, their bits as integers) and double_data. */
function fromRepeated(
  t: OnnxTensor,
  count: number,
  fail: (problem: string) => InputError,
  budget: MemoryBudget,
  file: string,
  where: string,
): DecodedValues {
  const double = t.dataType === 11;
  const runs = (double ? t.doubleData : t.floatData) ?? [];
  if (t.dataType !== 1 && t.dataType !== 11) throw fail(`data_type ${t.dataType} stored in float_data is not read`);
  const size = double ? 8 : 4;
  let available = 0;
  for (const f of runs) available += f.wireType === 2 ? Math.floor(f.bytes.length / size) : 1;
  if (available < count) throw fail(`holds ${available} values, dims [${t.dims.join(', ')}] need ${count}`);
  budget.charge(count * 8, file, where, 'decoding it as float64');
  const data = new Float64Array(count);
  let i = 0;
  for (const f of runs) {
    const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
    for (let at = 0; at + size <= f.bytes.length && i < count; at += size) {
      data[i++] = double ? view.getFloat64(at, true) : view.getFloat32(at, true);
    }
  }
  return { dtype: double ? 'F64' : 'F32', data };
}

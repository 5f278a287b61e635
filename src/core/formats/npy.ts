// NumPy .npy, versions 1.0–3.0: magic, version, header length, a Python-literal header, then the raw array.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// Float arrays only (f2, f4, f8; either byte order; C or Fortran order). Integer, bool and complex arrays
// are refused rather than widened: weights are floats, and an integer array is almost always the wrong file.
// Object arrays are refused first of all: their data is a pickle, and unpickling runs code.
import { InputError } from '../errors';
import type { Tensor, TensorFile } from '../tensors';
import { assertFinite, decodeFloats, elementCount, type StoredFloat } from './elements';
import { isByteSource, memorySource, readHead, type ByteSource } from '../io/byteSource';
import { assertSourceSize, formatBytes, MemoryBudget, type ReaderOptions } from './limits';
import { lazyTensor } from './lazyTensor';
import { parsePythonLiteral, PyLiteralError, type PyValue } from './python-literal';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const FLOAT_SIZES: Readonly<Record<number, StoredFloat>> = { 2: 'F16', 4: 'F32', 8: 'F64' };

export function readNpy(input: Uint8Array | ByteSource, file: string, opts?: ReaderOptions): TensorFile {
  const source = isByteSource(input) ? input : memorySource(input);
  assertSourceSize(source.size, file, opts);
  const name = tensorNameFromPath(file);
  const tensor = npyTensor({
    file,
    name,
    where: '',
    size: source.size,
    readPrefix: (length) => readHead(source, length),
    readData: (offset, length) => source.read(offset, length),
    scratchBytes: isByteSource(input) ? source.size : 0,
    budget: opts?.budget ?? new MemoryBudget(),
  });
  return { file, format: 'npy', tensors: new Map([[name, tensor]]), metadata: {} };
}

/** `W_hh.npy` → `W_hh`: a lone array is named after its file. */
export function tensorNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.npy$/i, '') || base;
}

interface NpyHeader {
  readonly dtype: StoredFloat;
  readonly littleEndian: boolean;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  readonly dataStart: number;
}

/** One .npy image, read by prefix (its header) and by range (its data), in a file or an archive member. */
export interface NpyImage {
  readonly file: string;
  readonly name: string;
  /** Prefixes every location (an .npz passes "entry 'x.npy' ") so that messages point into the right member. */
  readonly where: string;
  /** The image's length in bytes. */
  readonly size: number;
  /** The first `length` bytes (or all, if shorter). */
  readonly readPrefix: (length: number) => Uint8Array;
  /** The bytes of [offset, offset + length). */
  readonly readData: (offset: number, length: number) => Uint8Array;
  /** Bytes held while decoding besides the result (a read range, an inflated member). */
  readonly scratchBytes: number;
  readonly budget: MemoryBudget;
}

/** The image's header is checked now (a small read); its values are decoded when first used. */
export function npyTensor(image: NpyImage): Tensor {
  const { file, name, where } = image;
  const header = parseNpyHeader(image.readPrefix, image.size, file, where);
  const count = elementCount(header.shape);
  if (count === undefined)
    throw new InputError(file, `${where}header`, `shape (${header.shape.join(', ')}) has too many elements`);
  const size = { F16: 2, F32: 4, F64: 8 }[header.dtype as 'F16' | 'F32' | 'F64'];
  const have = image.size - header.dataStart;
  if (have !== count * size) {
    const problem = have < count * size ? 'the array data is truncated' : 'there are bytes after the array data';
    throw new InputError(
      file,
      `${where}byte ${header.dataStart}`,
      `${problem}: shape (${header.shape.join(', ')}) of ${header.dtype} needs ${count * size} bytes, the file holds ${have}`,
    );
  }
  const reordered = header.fortranOrder && header.shape.length > 1;
  const decode = (): Float64Array => {
    const bytes = image.readData(header.dataStart, count * size);
    let data = decodeFloats(bytes, 0, count, header.dtype, header.littleEndian);
    if (reordered) data = fortranToRowMajor(data, header.shape);
    assertFinite(data, header.shape, file, name);
    return data;
  };
  const scratchBytes = image.scratchBytes + (reordered ? count * 8 : 0);
  return lazyTensor({
    name,
    shape: header.shape,
    dtype: header.dtype,
    count,
    scratchBytes,
    file,
    budget: image.budget,
    decode,
  });
}

/** numpy writes headers of a few hundred bytes (and reads at most 10 000 by default): a longer one is not read. */
const MAX_NPY_HEADER = 1024 * 1024;

function parseNpyHeader(
  readPrefix: (length: number) => Uint8Array,
  fileLength: number,
  file: string,
  where: string,
): NpyHeader {
  const bytes = readPrefix(12);
  if (fileLength < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new InputError(file, `${where}byte 0`, 'not an .npy file (the magic string \\x93NUMPY is missing)');
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) {
    throw new InputError(
      file,
      `${where}byte 6`,
      `.npy format version ${major}.${minor} is not supported (1.0, 2.0, 3.0 are)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else {
    if (fileLength < 12) throw new InputError(file, `${where}byte 8`, 'file ends inside the header length');
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > fileLength) {
    throw new InputError(
      file,
      `${where}byte 8`,
      `header length ${headerLength} runs past the end of the file (${fileLength} bytes)`,
    );
  }
  if (headerLength > MAX_NPY_HEADER) {
    throw new InputError(
      file,
      `${where}byte 8`,
      `header length ${headerLength} is over the ${formatBytes(MAX_NPY_HEADER)} limit`,
    );
  }
  const raw = readPrefix(dataStart).subarray(headerStart, dataStart);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new InputError(file, `${where}header (byte ${headerStart})`, 'header is not valid UTF-8');
    }
  } else {
    text = new TextDecoder('latin1').decode(raw);
  }
  let literal: PyValue;
  try {
    literal = parsePythonLiteral(text);
  } catch (e) {
    const offset = e instanceof PyLiteralError ? headerStart + e.offset : headerStart;
    throw new InputError(
      file,
      `${where}header (byte ${offset})`,
      `header is not a valid Python dictionary: ${(e as Error).message}`,
    );
  }
  return { ...interpretHeader(literal, file, `${where}header (byte ${headerStart})`), dataStart };
}

function interpretHeader(literal: PyValue, file: string, where: string): Omit<NpyHeader, 'dataStart'> {
  if (typeof literal !== 'object' || literal === null || Array.isArray(literal)) {
    throw new InputError(file, where, 'header must be a dictionary');
  }
  const keys = Object.keys(literal).sort().join(',');
  if (keys !== 'descr,fortran_order,shape') {
    throw new InputError(
      file,
      where,
      `header keys must be descr, fortran_order and shape, found ${Object.keys(literal).join(', ')}`,
    );
  }
  const { descr, fortran_order: fortranOrder, shape } = literal;
  if (typeof fortranOrder !== 'boolean') throw new InputError(file, where, 'fortran_order must be True or False');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && d >= 0)) {
    throw new InputError(file, where, 'shape must be a tuple of non-negative integers');
  }
  const { dtype, littleEndian } = interpretDescr(descr, file, where);
  return { dtype, littleEndian, fortranOrder, shape: shape as number[] };
}

function interpretDescr(descr: PyValue, file: string, where: string): { dtype: StoredFloat; littleEndian: boolean } {
  if (typeof descr !== 'string') {
    throw new InputError(
      file,
      where,
      'structured arrays (a list of fields as descr) are not supported; save each weight as its own float array',
    );
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) throw new InputError(file, where, `unknown dtype '${descr}'`);
  const [, order, kind, sizeText] = m;
  if (kind === 'O') {
    throw new InputError(
      file,
      where,
      "object arrays ('O') hold Python pickles and are refused: unpickling can run code. Save a float array instead",
    );
  }
  if ('iub'.includes(kind)) {
    throw new InputError(
      file,
      where,
      `dtype '${descr}' is an integer/bool array; weights must be float (f2, f4, f8): save with arr.astype(np.float32)`,
    );
  }
  const dtype = kind === 'f' ? FLOAT_SIZES[Number(sizeText)] : undefined;
  if (!dtype)
    throw new InputError(
      file,
      where,
      `dtype '${descr}' is not supported; weights must be float16, float32 or float64 (f2, f4, f8)`,
    );
  if (order !== '<' && order !== '>') {
    throw new InputError(file, where, `dtype '${descr}' does not say its byte order ('<' or '>')`);
  }
  return { dtype, littleEndian: order === '<' };
}

/** Column-major (Fortran) element order to row-major: walk the Fortran order, keeping the row-major offset. */
function fortranToRowMajor(data: Float64Array, shape: readonly number[]): Float64Array {
  const rank = shape.length;
  const rowStrides = new Array<number>(rank);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    rowStrides[d] = stride;
    stride *= shape[d];
  }
  const out = new Float64Array(data.length);
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let f = 0; f < data.length; f++) {
    out[offset] = data[f];
    for (let d = 0; d < rank; d++) {
      index[d]++;
      offset += rowStrides[d];
      if (index[d] < shape[d]) break;
      offset -= rowStrides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

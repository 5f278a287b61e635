// safetensors: an 8-byte little-endian header length, a JSON header, then the tensors' bytes back to back.
// https://huggingface.co/docs/safetensors — checked as strictly as the reference implementation:
// offsets inside the data, no overlaps, no holes, size = shape product × element size.
import { InputError } from '../errors';
import type { Tensor, TensorFile } from '../tensors';
import { assertFinite, decodeFloats, elementCount, type StoredFloat } from './elements';
import { isByteSource, memorySource, type ByteSource } from '../io/byteSource';
import { assertSourceSize, formatBytes, MemoryBudget, type ReaderOptions } from './limits';
import { lazyTensor } from './lazyTensor';
import { assertNestingWithin } from './nesting';

export const MAX_SAFETENSORS_HEADER = 100_000_000;

/** Every dtype the format defines, with its element size; only the float ones can be read as weights. */
const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};
const READABLE: ReadonlySet<string> = new Set<StoredFloat>(['F64', 'F32', 'F16', 'BF16']);

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Absolute byte range in the file (data start + data_offsets). */
  readonly start: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly headerLength: number;
  readonly dataStart: number;
  /** In file order (by offset). */
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** Parses and checks the header only: cheap even for a multi-gigabyte file, for listing tensors. */
export function readSafetensorsHeader(
  input: Uint8Array | ByteSource,
  file = 'safetensors',
  opts?: ReaderOptions,
): SafetensorsHeader {
  const source = isByteSource(input) ? input : memorySource(input);
  const fileLength = source.size;
  assertSourceSize(fileLength, file, opts);
  if (fileLength < 8) {
    throw new InputError(file, 'byte 0', `file is ${fileLength} bytes, too short for the 8-byte header length`);
  }
  const lengthBytes = source.read(0, 8);
  const view = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + view.getUint32(0, true);
  if (headerLength > MAX_SAFETENSORS_HEADER) {
    throw new InputError(
      file,
      'byte 0',
      `header length ${headerLength} is over the ${formatBytes(MAX_SAFETENSORS_HEADER)} limit`,
    );
  }
  const dataStart = 8 + headerLength;
  if (dataStart > fileLength) {
    throw new InputError(
      file,
      'byte 0',
      `header length ${headerLength} runs past the end of the file (${fileLength} bytes)`,
    );
  }
  const parsed = parseHeaderJson(source.read(8, headerLength), file);
  const dataLength = fileLength - dataStart;

  let metadata: Record<string, string> = Object.create(null);
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      metadata = checkMetadata(value, file);
      continue;
    }
    entries.push(checkEntry(name, value, file, dataStart, dataLength));
  }
  entries.sort((a, b) => a.start - b.start || a.end - b.end);
  checkLayout(entries, file, dataStart, fileLength);
  return { headerLength, dataStart, entries, metadata };
}

/**
 * Every tensor, widened to float64 when first used: the header is read first (a small read), and a tensor's
 * bytes are read by a positional read of its own range, within the request's memory budget.
 */
export function readSafetensors(input: Uint8Array | ByteSource, file: string, opts?: ReaderOptions): TensorFile {
  const source = isByteSource(input) ? input : memorySource(input);
  const header = readSafetensorsHeader(source, file, opts);
  const budget = opts?.budget ?? new MemoryBudget();
  const tensors = new Map<string, Tensor>();
  for (const entry of header.entries) {
    if (!READABLE.has(entry.dtype)) {
      throw new InputError(
        file,
        `tensor '${entry.name}'`,
        `dtype ${entry.dtype} is not a float type; weights must be F64, F32, F16 or BF16`,
      );
    }
    const dtype = entry.dtype as StoredFloat;
    const count = elementCount(entry.shape) as number;
    const decode = (): Float64Array => {
      const data = decodeFloats(source.read(entry.start, entry.end - entry.start), 0, count, dtype, true);
      assertFinite(data, entry.shape, file, entry.name);
      return data;
    };
    const scratchBytes = isByteSource(input) ? entry.end - entry.start : 0;
    tensors.set(
      entry.name,
      lazyTensor({ name: entry.name, shape: entry.shape, dtype, count, scratchBytes, file, budget, decode }),
    );
  }
  return { file, format: 'safetensors', tensors, metadata: header.metadata };
}

function parseHeaderJson(raw: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new InputError(file, 'header (byte 8)', 'header is not valid UTF-8');
  }
  assertNestingWithin(text, file, 'json', 'header (byte 8)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, 'header (byte 8)', `header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(file, 'header (byte 8)', 'header must be a JSON object of tensor entries');
  }
  return parsed as Record<string, unknown>;
}

function checkMetadata(value: unknown, file: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(file, 'header __metadata__', 'must be an object of strings');
  }
  // Copied into an object without a prototype: the file's keys ("__proto__", "toString") are only names.
  const metadata: Record<string, string> = Object.create(null);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw new InputError(file, `header __metadata__.${key}`, `must be a string, found ${describe(v)}`);
    Object.defineProperty(metadata, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}

function checkEntry(
  name: string,
  value: unknown,
  file: string,
  dataStart: number,
  dataLength: number,
): SafetensorsEntry {
  const where = `tensor '${name}'`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      file,
      where,
      `header entry must be an object with dtype, shape and data_offsets, found ${describe(value)}`,
    );
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (dtype === undefined) throw new InputError(file, where, 'header entry has no dtype');
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_SIZES, dtype)) {
    throw new InputError(file, where, `unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InputError(file, where, `shape must be a list of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  const count = elementCount(shape);
  if (count === undefined) throw new InputError(file, where, `shape ${JSON.stringify(shape)} has too many elements`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new InputError(
      file,
      where,
      `data_offsets must be two non-negative integers, found ${JSON.stringify(offsets)}`,
    );
  }
  const [begin, end] = offsets as number[];
  if (begin > end) throw new InputError(file, where, `data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) {
    throw new InputError(
      file,
      where,
      `data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes from byte ${dataStart})`,
    );
  }
  const expected = count * DTYPE_SIZES[dtype];
  if (end - begin !== expected) {
    throw new InputError(
      file,
      where,
      `shape ${JSON.stringify(shape)} of ${dtype} needs ${expected} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], start: dataStart + begin, end: dataStart + end };
}

/** Sorted entries must tile the data exactly: an overlap or a gap means a corrupt or hand-edited header. */
function checkLayout(entries: readonly SafetensorsEntry[], file: string, dataStart: number, fileLength: number): void {
  let covered = dataStart;
  let previous: SafetensorsEntry | undefined;
  for (const entry of entries) {
    if (entry.start < covered) {
      throw new InputError(
        file,
        `tensor '${entry.name}' (byte ${entry.start})`,
        `its bytes overlap tensor '${previous?.name}'`,
      );
    }
    if (entry.start > covered) {
      throw new InputError(
        file,
        `byte ${covered}`,
        `bytes ${covered}–${entry.start} belong to no tensor (the data must have no holes)`,
      );
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered !== fileLength) {
    throw new InputError(
      file,
      `byte ${covered}`,
      `${fileLength - covered} bytes after the last tensor belong to no tensor`,
    );
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string'
    ? `the string ${JSON.stringify(v.slice(0, 40))}`
    : `${typeof v} ${String(v).slice(0, 40)}`;
}

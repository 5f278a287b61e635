// Files far larger in memory than on disk, written at test time (never committed): an .npz whose member inflates
// a thousandfold with an honest compression ratio, sparse safetensors and sparse files of any size.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A v1 .npy header for a little-endian float64 array of `shape`, padded as numpy pads it. */
export function npyHeader(shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${dims}), }`;
  const padded = dict + ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + padded.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out.writeUInt16LE(padded.length, 8);
  out.write(padded, 10, 'latin1');
  return out;
}

export function npy(shape: readonly number[], values: readonly number[]): Buffer {
  const data = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => data.writeDoubleLE(v, i * 8));
  return Buffer.concat([npyHeader(shape), data]);
}

const ZERO_CHUNK = 16 * 1024 * 1024;

/**
 * A deflated .npy of zeros of `shape`, without ever holding it inflated: one 16 MiB block of zeros is deflated
 * once with a full flush (so it refers to nothing before it) and repeated. DEFLATE's honest ratio, about 1030:1.
 */
export function deflatedZerosNpy(shape: readonly number[]): { packed: Buffer; size: number; crc: number } {
  const header = npyHeader(shape);
  const zeros = shape.reduce((a, b) => a * b, 1) * 8;
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const chunk = Buffer.alloc(ZERO_CHUNK);
  const block = deflateRawSync(chunk, flush);
  const parts = [deflateRawSync(header, flush)];
  let crc = crc32(header);
  const whole = Math.floor(zeros / ZERO_CHUNK);
  for (let i = 0; i < whole; i++) {
    parts.push(block);
    crc = crc32(chunk, crc);
  }
  const rest = zeros - whole * ZERO_CHUNK;
  if (rest > 0) {
    parts.push(deflateRawSync(chunk.subarray(0, rest), flush));
    crc = crc32(chunk.subarray(0, rest), crc);
  }
  parts.push(Buffer.from([0x03, 0x00])); // an empty final block
  return { packed: Buffer.concat(parts), size: header.length + zeros, crc };
}

export interface ZipEntry {
  readonly name: string;
  /** Stored as is when `packed` is absent. */
  readonly data?: Buffer;
  readonly packed?: { packed: Buffer; size: number; crc: number };
}

/** A plain (non-zip64) zip archive, as np.savez / np.savez_compressed write one. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = e.packed !== undefined;
    const body = e.packed?.packed ?? e.data!;
    const size = e.packed?.size ?? e.data!.length;
    const crc = e.packed?.crc ?? crc32(e.data!);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflated ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflated ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface SafetensorsSpec {
  readonly name: string;
  readonly dtype: 'F16' | 'F64';
  readonly shape: readonly number[];
  /** F64 values written; absent: zeros left as a hole in a sparse file. */
  readonly values?: readonly number[];
}

/** A safetensors file whose tensors without values are holes of a sparse file: gigabytes that take no disk. */
export function writeSparseSafetensors(path: string, specs: readonly SafetensorsSpec[]): number {
  const header: Record<string, unknown> = {};
  let at = 0;
  for (const s of specs) {
    const bytes = s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'F16' ? 2 : 8);
    header[s.name] = { dtype: s.dtype, shape: s.shape, data_offsets: [at, at + bytes] };
    at += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeUInt32LE(json.length, 0);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, Buffer.concat([length, json]));
    let offset = 8 + json.length;
    for (const s of specs) {
      const count = s.shape.reduce((a, b) => a * b, 1);
      if (s.values) {
        const data = Buffer.alloc(count * 8);
        s.values.forEach((v, i) => data.writeDoubleLE(v, i * 8));
        writeSync(fd, data, 0, data.length, offset);
      }
      offset += count * (s.dtype === 'F16' ? 2 : 8);
    }
    ftruncateSync(fd, offset);
    return offset;
  } finally {
    closeSync(fd);
  }
}

/** A sparse file of `size` zero bytes (a hole: no disk used). */
export function writeSparseFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

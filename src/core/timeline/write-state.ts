// Whether a checkpoint that a training run may still be writing is finished, so that a live timeline waits for
// it instead of reporting a half-written file as corrupt. Two signs: the file was modified moments ago, or its
// format says more bytes are due (a zip without its end record, an HDF5 file shorter than its superblock's
// end-of-file address, a safetensors file shorter than its header's data). Formats that carry no such sign
// (ONNX, a legacy torch stream) are judged by the quiet time alone, and by a read that fails while they are
// young (timeline-driver.ts).
import type { ByteSource } from '../io/byteSource';

/** A file modified less than this long ago may still be growing. */
export const WRITE_QUIET_MS = 1000;
/** A file that fails to read within this long of its last change is retried, not reported. */
export const WRITE_RETRY_WINDOW_MS = 30_000;
/** A file dated up to this far past the run's clock was written after that clock was read: it is young. One
 *  dated further ahead carries another machine's clock (a network drive, files unpacked from an archive or
 *  copied with their times): its date says nothing about a write, and waiting for it would wait for ever. */
export const CLOCK_AHEAD_MS = WRITE_RETRY_WINDOW_MS;

/** How long ago a file dated `mtimeMs` last changed, as far as its date tells: a date slightly ahead of `nowMs`
 *  is a change just now (0), one far ahead tells nothing, so the file counts as long unchanged (Infinity). */
export function writeAgeMs(mtimeMs: number, nowMs: number): number {
  const age = nowMs - mtimeMs;
  if (age >= 0) return age;
  return -age <= CLOCK_AHEAD_MS ? 0 : Number.POSITIVE_INFINITY;
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
/** The end record (22 bytes) plus the longest comment (65535). */
const ZIP_END_SEARCH = 22 + 0xffff;
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Why `source` looks unfinished, or undefined when its format says nothing is missing. */
export function unfinishedReason(source: ByteSource): string | undefined {
  if (source.size < 8) return 'it is nearly empty';
  const head = source.read(0, 8);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0, true) === ZIP_LOCAL) return zipUnfinished(source);
  if (HDF5_SIGNATURE.every((b, i) => head[i] === b)) return hdf5Unfinished(source);
  return safetensorsUnfinished(source, view.getBigUint64(0, true));
}

function zipUnfinished(source: ByteSource): string | undefined {
  const length = Math.min(source.size, ZIP_END_SEARCH);
  const start = source.size - length;
  const tail = source.read(start, length);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let i = length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) !== ZIP_END) continue;
    const commentLength = view.getUint16(i + 20, true);
    if (i + 22 + commentLength !== length) continue; // a signature inside data, not the record at the end
    // A zip64 locator just before it (torch.save writes one): the zip64 record and the directory precede it.
    if (i >= 20 && view.getUint32(i - 20, true) === ZIP64_LOCATOR) return undefined;
    const directorySize = view.getUint32(i + 12, true);
    const directoryOffset = view.getUint32(i + 16, true);
    return directoryOffset + directorySize === start + i ? undefined : 'its zip directory is not where it should be';
  }
  return 'its zip archive has no end record yet';
}

function hdf5Unfinished(source: ByteSource): string | undefined {
  if (source.size < 64) return 'its HDF5 superblock is incomplete';
  const head = source.read(0, 64);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = head[8];
  const offsets = version <= 1 ? head[13] : head[9];
  if (offsets !== 8) return undefined; // not the layout h5py writes: let the reader judge
  // Versions 0/1: base, free space, end-of-file addresses from byte 24 (v1 has 4 more bytes before them);
  // versions 2/3: base, extension, end-of-file from byte 12.
  const eofAt = version === 0 ? 24 + 16 : version === 1 ? 28 + 16 : 12 + 16;
  if (eofAt + 8 > head.length) return undefined;
  const eof = view.getBigUint64(eofAt, true);
  return eof > BigInt(source.size) ? 'it is shorter than its HDF5 superblock says' : undefined;
}

function safetensorsUnfinished(source: ByteSource, headerLength: bigint): string | undefined {
  // Only a plausible safetensors header is judged: anything else is another format.
  if (headerLength < 2n || headerLength > 100_000_000n) return undefined;
  const length = Number(headerLength);
  if (8 + length > source.size) {
    const first = source.read(8, 1)[0];
    return first === 0x7b ? 'it is shorter than its safetensors header' : undefined;
  }
  const text = new TextDecoder().decode(source.read(8, length));
  if (!text.startsWith('{')) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return undefined;
  }
  let end = 0;
  if (typeof header === 'object' && header !== null)
    for (const value of Object.values(header)) {
      const offsets = (value as { data_offsets?: unknown } | null)?.data_offsets;
      if (Array.isArray(offsets) && typeof offsets[1] === 'number') end = Math.max(end, offsets[1]);
    }
  return 8 + length + end > source.size ? 'it is shorter than its safetensors header says' : undefined;
}

// Reading a zip archive's members for .npz, with the zip-bomb guard up front.
// The central directory is parsed here (so every problem names a byte offset and the guard runs on the
// declared sizes before any byte is inflated); the DEFLATE decoding itself is fflate's.
// Guard: total declared size ≤ the limit; declared ratio ≤ what DEFLATE can reach at all (≈1032:1 —
// all-zero weights legitimately come close, so a lower cap would refuse honest files); members may not
// overlap (the overlapping-entries bomb); inflation stops as soon as a member outgrows its declared size;
// the final size and CRC-32 must match.
import { Inflate } from 'fflate';
import { InputError } from '../errors';
import { isByteSource, memorySource, type ByteSource } from '../io/byteSource';
import { crc32 } from './crc32';
import { formatBytes } from './limits';

export const MAX_DEFLATE_RATIO = 1040;
/** Members smaller than this cannot be bombs; tiny all-zero arrays reach any ratio. */
const RATIO_CHECK_FROM = 1024 * 1024;
const INFLATE_CHUNK = 16 * 1024;
const PREFIX_CHUNK = 256;

export interface ZipMember {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  /** Where the member's (compressed) data starts, from its local header. */
  readonly dataStart: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FULL32 = 0xffffffff;

/**
 * The members of a zip from its central directory. From a ByteSource, only the directory, the end records and each
 * member's 30-byte local header are read: a checkpoint's storages are not touched until someone reads them.
 */
export function listZipMembers(input: Uint8Array | ByteSource, file: string, maxTotalBytes: number): ZipMember[] {
  const archive = new ArchiveBytes(isByteSource(input) ? input : memorySource(input));
  const size = archive.size;
  const u16 = (at: number): number => archive.u16(at);
  const u32 = (at: number): number => archive.u32(at);
  const u64 = (at: number): number => archive.u32(at + 4) * 2 ** 32 + archive.u32(at);
  const need = (at: number, length: number, what: string): void => {
    if (at < 0 || at + length > size)
      throw new InputError(file, `byte ${at}`, `${what} runs past the end of the file (${size} bytes)`);
  };

  const eocd = findEndOfCentralDirectory(archive);
  if (eocd < 0)
    throw new InputError(
      file,
      'end of file',
      'not a zip archive (no end-of-central-directory record); an .npz is a zip of .npy files',
    );
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0)
    throw new InputError(file, `byte ${eocd}`, 'multi-disk zip archives are not supported');
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const at = u64(eocd - 12);
    need(at, 56, 'the zip64 end-of-central-directory record');
    if (u32(at) !== ZIP64_EOCD)
      throw new InputError(file, `byte ${at}`, 'the zip64 end-of-central-directory record is missing');
    count = u64(at + 32);
    cdSize = u64(at + 40);
    cdOffset = u64(at + 48);
  }
  need(cdOffset, cdSize, 'the central directory');
  archive.keep(cdOffset, cdSize);
  if (count * 46 > cdSize)
    throw new InputError(file, `byte ${eocd}`, `${count} entries cannot fit in a ${cdSize}-byte central directory`);

  const members: ZipMember[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    need(at, 46, 'a central directory entry');
    if (u32(at) !== CENTRAL)
      throw new InputError(file, `byte ${at}`, `central directory entry ${i} has a bad signature`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localHeaderOffset = u32(at + 42);
    need(at + 46, nameLength + extraLength + commentLength, `central directory entry ${i}`);
    const name = new TextDecoder('utf-8').decode(archive.bytes(at + 46, nameLength));
    const where = `entry '${name}' (byte ${at})`;
    // zip64: the 32-bit fields hold 0xFFFFFFFF and the real values sit in extra field 0x0001, in this order.
    if (size === FULL32 || compressedSize === FULL32 || localHeaderOffset === FULL32) {
      let e = at + 46 + nameLength;
      const end = e + extraLength;
      let found = false;
      while (e + 4 <= end) {
        const id = u16(e);
        const length = u16(e + 2);
        if (e + 4 + length > end) break;
        if (id === 1) {
          let p = e + 4;
          const take = (): number => {
            if (p + 8 > e + 4 + length) throw new InputError(file, where, 'zip64 extra field is too short');
            const v = u64(p);
            p += 8;
            return v;
          };
          if (size === FULL32) size = take();
          if (compressedSize === FULL32) compressedSize = take();
          if (localHeaderOffset === FULL32) localHeaderOffset = take();
          found = true;
          break;
        }
        e += 4 + length;
      }
      if (!found) throw new InputError(file, where, 'sizes are marked zip64 but the zip64 extra field is missing');
    }
    if (flags & 1) throw new InputError(file, where, 'encrypted members are not supported');
    if (method !== 0 && method !== 8)
      throw new InputError(file, where, `compression method ${method} is not supported (stored or deflated only)`);
    if (names.has(name)) throw new InputError(file, where, 'the archive holds two members with this name');
    names.add(name);
    if (method === 0 && compressedSize !== size) {
      throw new InputError(
        file,
        where,
        `stored member declares ${compressedSize} bytes stored but ${size} bytes unpacked`,
      );
    }
    total += size;
    if (total > maxTotalBytes) {
      throw new InputError(
        file,
        where,
        `unpacked size would exceed the ${formatBytes(maxTotalBytes)} limit (possible zip bomb); nothing was unpacked`,
      );
    }
    if (size > RATIO_CHECK_FROM && size > compressedSize * MAX_DEFLATE_RATIO) {
      throw new InputError(
        file,
        where,
        `declares ${size} bytes from ${compressedSize} compressed, a ratio DEFLATE cannot reach (zip bomb?); nothing was unpacked`,
      );
    }

    need(localHeaderOffset, 30, `the local header of '${name}'`);
    if (u32(localHeaderOffset) !== LOCAL)
      throw new InputError(file, `byte ${localHeaderOffset}`, `the local header of '${name}' has a bad signature`);
    const dataStart = localHeaderOffset + 30 + u16(localHeaderOffset + 26) + u16(localHeaderOffset + 28);
    need(dataStart, compressedSize, `the data of '${name}'`);
    if (dataStart + compressedSize > cdOffset)
      throw new InputError(file, where, 'member data runs into the central directory');
    members.push({ name, method, crc, compressedSize, size, localHeaderOffset, dataStart });
    at += 46 + nameLength + extraLength + commentLength;
  }
  checkNoOverlap(members, file);
  return members;
}

/** Overlapping members let a tiny archive expand into many copies of the same data: refuse them. */
function checkNoOverlap(members: readonly ZipMember[], file: string): void {
  const sorted = [...members].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < sorted.length; i++) {
    const previousEnd = sorted[i - 1].dataStart + sorted[i - 1].compressedSize;
    if (sorted[i].localHeaderOffset < previousEnd) {
      throw new InputError(
        file,
        `entry '${sorted[i].name}' (byte ${sorted[i].localHeaderOffset})`,
        `overlaps member '${sorted[i - 1].name}' (zip bomb?)`,
      );
    }
  }
}

function findEndOfCentralDirectory(archive: ArchiveBytes): number {
  // The usual case first, an archive without a comment: the record is the last 22 bytes (and nothing else is read,
  // not the end of the last member's data).
  if (archive.size >= 22 && archive.u32(archive.size - 22) === EOCD && archive.u16(archive.size - 2) === 0)
    return archive.size - 22;
  const lowest = Math.max(0, archive.size - 22 - 0xffff);
  // The end record, its comment and a zip64 locator before it: one read, kept for the fields read after.
  const from = Math.max(0, lowest - 20);
  archive.keep(from, archive.size - from);
  const tail = archive.bytes(from, archive.size - from);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let at = archive.size - 22; at >= lowest; at--) {
    const i = at - from;
    if (view.getUint32(i, true) === EOCD && at + 22 + view.getUint16(i + 20, true) === archive.size) return at;
  }
  return -1;
}

/** An archive's bytes by absolute offset; the ranges read in bulk (the end records, the directory) are kept. */
class ArchiveBytes {
  readonly size: number;
  private readonly kept: { at: number; bytes: Uint8Array }[] = [];

  constructor(private readonly source: ByteSource) {
    this.size = source.size;
  }

  keep(at: number, length: number): void {
    if (length > 0 && at >= 0 && at + length <= this.size) this.kept.push({ at, bytes: this.source.read(at, length) });
  }

  bytes(at: number, length: number): Uint8Array {
    for (const k of this.kept)
      if (at >= k.at && at + length <= k.at + k.bytes.length) return k.bytes.subarray(at - k.at, at - k.at + length);
    return this.source.read(at, length);
  }

  u16(at: number): number {
    const b = this.bytes(at, 2);
    return b[0] | (b[1] << 8);
  }

  u32(at: number): number {
    const b = this.bytes(at, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16)) + b[3] * 2 ** 24;
  }
}

/** A member's stored bytes, from the whole archive or by their range of a source. */
function packedBytes(input: Uint8Array | ByteSource, member: ZipMember): Uint8Array {
  return isByteSource(input)
    ? input.read(member.dataStart, member.compressedSize)
    : input.subarray(member.dataStart, member.dataStart + member.compressedSize);
}

/** Unpacks one member, stopping the moment it produces more than it declared; checks size and CRC-32. */
export function unpackZipMember(input: Uint8Array | ByteSource, member: ZipMember, file: string): Uint8Array {
  const where = `entry '${member.name}' (byte ${member.localHeaderOffset})`;
  const packed = packedBytes(input, member);
  let out: Uint8Array;
  if (member.method === 0) {
    out = packed;
  } else {
    out = new Uint8Array(member.size);
    let written = 0;
    const inflater = new Inflate((chunk) => {
      if (written + chunk.length > member.size) {
        throw new InputError(
          file,
          where,
          `unpacks to more than the declared ${member.size} bytes (zip bomb?); stopped`,
        );
      }
      out.set(chunk, written);
      written += chunk.length;
    });
    try {
      for (let p = 0; p < packed.length || p === 0; p += INFLATE_CHUNK) {
        const end = Math.min(p + INFLATE_CHUNK, packed.length);
        inflater.push(packed.subarray(p, end), end >= packed.length);
        if (end >= packed.length) break;
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(file, where, `compressed data is corrupt (${(e as Error).message})`);
    }
    if (written !== member.size) {
      throw new InputError(file, where, `unpacks to ${written} bytes but declares ${member.size}`);
    }
  }
  if (crc32(out) !== member.crc) throw new InputError(file, where, 'CRC-32 does not match: the member is corrupt');
  return out;
}

/**
 * The first `length` bytes of a member (all of it if shorter), inflating only as far as needed: enough to read
 * an .npy header without unpacking the array. Not checked against the CRC (that needs the whole member).
 */
export function unpackZipPrefix(
  input: Uint8Array | ByteSource,
  member: ZipMember,
  file: string,
  length: number,
): Uint8Array {
  const want = Math.min(length, member.size);
  const packed = packedBytes(input, member);
  if (member.method === 0) return packed.subarray(0, want);
  const where = `entry '${member.name}' (byte ${member.localHeaderOffset})`;
  const out = new Uint8Array(want);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    const take = Math.min(chunk.length, want - written);
    out.set(chunk.subarray(0, take), written);
    written += take;
  });
  try {
    // Small pushes: 16 KiB of deflated zeros inflate to 16 MiB, far more than a header needs.
    for (let p = 0; written < want && p < packed.length; p += PREFIX_CHUNK) {
      const end = Math.min(p + PREFIX_CHUNK, packed.length);
      inflater.push(packed.subarray(p, end), end >= packed.length);
    }
  } catch (e) {
    throw new InputError(file, where, `compressed data is corrupt (${(e as Error).message})`);
  }
  return out.subarray(0, written);
}

// The HDF5 superblock, checked before jsfive sees the file: the signature (at byte 0, or 512, 1024 … after a user
// block), the version, the sizes of offsets and lengths, and the base, end-of-file and root group addresses inside
// the file. A damaged or truncated file is refused here by the byte that is wrong, instead of sending jsfive
// chasing addresses past the end. (HDF5 File Format Specification, "Superblock", versions 0–3.)
import { InputError } from '../../errors';

/** HDF5's signature; it sits at offset 0, or 512, 1024, 2048 … when the file has a user block. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const UNDEFINED = 0xffff_ffff_ffff_ffffn;

export function hdf5SignatureAt(bytes: Uint8Array): number {
  for (let at = 0; at + SIGNATURE.length <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return at;
  }
  return -1;
}

export interface Superblock {
  /** Where the signature is. */
  readonly at: number;
  readonly version: number;
  /** The absolute byte every other address is relative to. */
  readonly base: number;
  readonly endOfFile: number;
  readonly rootGroup: number;
}

/** The layout of each version: where the sizes and the addresses are, and how long the superblock is. */
interface Layout {
  readonly offsetSize: number;
  readonly lengthSize: number;
  readonly base: number;
  readonly endOfFile: number;
  /** The root group's object header address (version 0/1: inside the root group's symbol table entry). */
  readonly rootGroup: number;
  /** Bytes up to the end of the root address, with 8-byte offsets. */
  readonly size: number;
}
const LAYOUTS = new Map<number, Layout>([
  [0, { offsetSize: 13, lengthSize: 14, base: 24, endOfFile: 40, rootGroup: 64, size: 72 }],
  [1, { offsetSize: 13, lengthSize: 14, base: 28, endOfFile: 44, rootGroup: 68, size: 76 }],
  [2, { offsetSize: 9, lengthSize: 10, base: 12, endOfFile: 28, rootGroup: 36, size: 48 }],
  [3, { offsetSize: 9, lengthSize: 10, base: 12, endOfFile: 28, rootGroup: 36, size: 48 }],
]);

/** Checks the superblock of an HDF5 file, for the reader (jsfive: versions 0, 2 and 3, 8-byte offsets and lengths). */
export function checkSuperblock(bytes: Uint8Array, file: string): Superblock {
  const at = hdf5SignatureAt(bytes);
  const refuse = (byte: number, problem: string): never => {
    throw new InputError(file, `HDF5 superblock (byte ${byte})`, problem);
  };
  if (at < 0) refuse(0, 'no HDF5 signature at byte 0, 512, 1024 or any later power of two: not an HDF5 file');
  if (at + 9 > bytes.length) refuse(at, `the file ends at byte ${bytes.length}, inside the superblock`);
  const version = bytes[at + 8];
  const layout = LAYOUTS.get(version);
  if (!layout) refuse(at + 8, `superblock version ${version}, where HDF5 has versions 0 to 3`);
  const l = layout!;
  if (version === 1)
    refuse(at + 8, 'superblock version 1 is not read (written by HDF5 1.6 with non-default B-tree sizes)');
  if (at + l.size > bytes.length)
    refuse(at, `the file ends at byte ${bytes.length}, inside the version ${version} superblock (${l.size} bytes)`);
  for (const [field, name] of [
    [l.offsetSize, 'offsets'],
    [l.lengthSize, 'lengths'],
  ] as const) {
    const size = bytes[at + field];
    if (size !== 2 && size !== 4 && size !== 8 && size !== 16)
      refuse(at + field, `the size of ${name} is ${size}, where HDF5 allows 2, 4, 8 or 16`);
    if (size !== 8) refuse(at + field, `${size}-byte ${name} are not read (only HDF5's default, 8 bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, l.size);
  const address = (field: number, what: string): number => {
    const value = view.getBigUint64(field, true);
    if (value === UNDEFINED) refuse(at + field, `the ${what} address is undefined`);
    if (what === 'end-of-file' && BigInt(at) + value > BigInt(bytes.length))
      refuse(
        at + field,
        `the end-of-file address says the file has ${BigInt(at) + value} bytes, but it has ${bytes.length} (truncated?)`,
      );
    if (value > BigInt(bytes.length))
      refuse(at + field, `the ${what} address ${value} is past the file's ${bytes.length} bytes`);
    return Number(value);
  };
  const base = address(l.base, 'base');
  // The base address is absolute: the superblock itself sits there (0, or after the user block).
  if (base !== at) refuse(at + l.base, `the base address ${base} is not where the superblock is (byte ${at})`);
  // Relative to the base, which is the superblock's own byte (checked above).
  const endOfFile = address(l.endOfFile, 'end-of-file');
  if (endOfFile < l.size) refuse(at + l.endOfFile, `the end-of-file address ${endOfFile} is inside the superblock`);
  const rootGroup = address(l.rootGroup, 'root group');
  if (rootGroup < l.size || rootGroup >= endOfFile)
    refuse(
      at + l.rootGroup,
      `the root group's address ${rootGroup} is outside the file's data (bytes ${l.size} to ${endOfFile} after the base)`,
    );
  return { at, version, base, endOfFile, rootGroup };
}

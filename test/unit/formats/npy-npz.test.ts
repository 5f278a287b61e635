// .npy headers and .npz archives, each broken in one way (starting from files numpy wrote).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../src/core/errors';
import { readNpy } from '../../../src/core/formats/npy';
import { readNpz } from '../../../src/core/formats/npz';
import { decodeAllTensors } from '../../../src/core/formats/lazyTensor';
import { listZipMembers, unpackZipMember } from '../../../src/core/formats/zip';
import type { TensorFile } from '../../../src/core/tensors';
import { fixtureBytes } from './fixtures';

/** Refused when read, or at the latest when its values are decoded (they are decoded lazily). */
function refuses(read: () => TensorFile, location: string | RegExp, problem: RegExp): void {
  assert.throws(
    () => decodeAllTensors(read()),
    (e: unknown) => {
      assert.ok(isInputError(e), String(e));
      if (typeof location === 'string') assert.equal(e.location, location);
      else assert.match(e.location, location);
      assert.match(e.problem, problem);
      return true;
    },
  );
}

/** A v1 .npy with the given header text (padded the way numpy pads) and data bytes. */
function npy(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const padded = header + ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const bytes = new Uint8Array(10 + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(bytes.buffer).setUint16(8, padded.length, true);
  bytes.set(new TextEncoder().encode(padded), 10);
  bytes.set(data, 10 + padded.length);
  return bytes;
}

describe('.npy header checks', () => {
  const read = (b: Uint8Array) => () => readNpy(b, 'x.npy');
  it('accepts a hand-written header with double quotes and no trailing comma', () => {
    const t = readNpy(npy(`{"descr": "<f8", "fortran_order": False, "shape": (1,)}`, new Uint8Array(8)), 'x.npy');
    assert.deepEqual([...t.tensors.keys()], ['x']);
  });
  it('no magic', () => refuses(read(new TextEncoder().encode('{"W_hh": [[1]]}')), 'byte 0', /magic/));
  it('an unknown version', () => {
    const b = npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }`);
    b[6] = 4;
    refuses(read(b), 'byte 6', /version 4\.0/);
  });
  it('a header length past the end', () => {
    const b = npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }`);
    new DataView(b.buffer).setUint16(8, 60000, true);
    refuses(read(b), 'byte 8', /runs past the end/);
  });
  it('bytes after the array', () => {
    const b = npy(`{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }`, new Uint8Array(8));
    refuses(read(b), `byte ${b.length - 8}`, /bytes after the array data: .* needs 4 bytes, the file holds 8/);
  });
  it('a header that is not a dictionary literal', () =>
    refuses(
      read(npy(`{'descr': '<f4', 'shape': __import__('os')}`)),
      /^header \(byte \d+\)$/,
      /not a valid Python dictionary/,
    ));
  it('missing or extra keys', () =>
    refuses(
      read(npy(`{'descr': '<f4', 'shape': (1,)}`)),
      'header (byte 10)',
      /keys must be descr, fortran_order and shape/,
    ));
  it('a byte order that is not stated', () =>
    refuses(
      read(npy(`{'descr': 'f4', 'fortran_order': False, 'shape': (1,)}`, new Uint8Array(4))),
      'header (byte 10)',
      /byte order/,
    ));
  it('float128', () =>
    refuses(
      read(npy(`{'descr': '<f16', 'fortran_order': False, 'shape': (1,)}`, new Uint8Array(16))),
      'header (byte 10)',
      /float16, float32 or float64/,
    ));
  it('nesting deep enough to threaten the stack', () =>
    refuses(read(npy(`{'descr': ${'('.repeat(5000)}`)), /^header/, /nested too deeply/));
});

describe('.npz archive checks', () => {
  const stored = () => fixtureBytes('npz/stored.npz');
  /** Offset of the first central directory entry of a numpy-written (non-zip64-EOCD) archive. */
  const centralDirectory = (b: Uint8Array) => {
    const v = new DataView(b.buffer, b.byteOffset);
    const eocd = b.length - 22;
    assert.equal(v.getUint32(eocd, true), 0x06054b50);
    return v.getUint32(eocd + 16, true);
  };

  it('a CRC mismatch (one flipped data byte in a stored member)', () => {
    const b = stored();
    b[centralDirectory(b) - 3] ^= 0x40; // a data byte of the last member
    refuses(() => readNpz(b, 'x.npz'), /^entry 'b_h\.npy' \(byte \d+\)$/, /CRC-32/);
  });
  it('a member that unpacks to more than it declares is stopped', () => {
    const b = fixtureBytes('npz/deflated.npz');
    const v = new DataView(b.buffer, b.byteOffset);
    const cd = centralDirectory(b);
    v.setUint32(cd + 24, v.getUint32(cd + 24, true) - 10, true); // declared uncompressed size of the first member
    // The reader sees it from the .npy header already (inflated alone); the unpacker stops the stream itself.
    refuses(() => readNpz(b, 'x.npz'), /^entry 'W_hh\.npy'/, /truncated/);
    const first = listZipMembers(b, 'x.npz', 2 ** 31)[0];
    assert.throws(() => unpackZipMember(b, first, 'x.npz'), /more than the declared/);
  });
  it('a declared ratio DEFLATE cannot reach is refused before inflating', () => {
    const b = fixtureBytes('npz/deflated.npz');
    const v = new DataView(b.buffer, b.byteOffset);
    const cd = centralDirectory(b);
    v.setUint32(cd + 24, 500 * 1024 * 1024, true);
    refuses(() => readNpz(b, 'x.npz'), `entry 'W_hh.npy' (byte ${cd})`, /ratio DEFLATE cannot reach/);
  });
  it('members whose data overlap (the overlapping-file bomb)', () => {
    const b = stored();
    const v = new DataView(b.buffer, b.byteOffset);
    const cd = centralDirectory(b);
    // Point the second member at the first member's local header.
    const second = cd + 46 + v.getUint16(cd + 28, true) + v.getUint16(cd + 30, true) + v.getUint16(cd + 32, true);
    v.setUint32(second + 42, 0, true);
    refuses(() => readNpz(b, 'x.npz'), /^entry '/, /.+/);
  });
  it('a truncated archive', () =>
    refuses(() => readNpz(stored().subarray(0, 500), 'x.npz'), 'end of file', /not a zip archive/));
  it('compressed data that is corrupt', () => {
    const b = fixtureBytes('npz/deflated.npz');
    const v = new DataView(b.buffer, b.byteOffset);
    const local = 0;
    const dataStart = local + 30 + v.getUint16(26, true) + v.getUint16(28, true);
    for (let i = 0; i < 8; i++) b[dataStart + i] = 0xff;
    refuses(() => readNpz(b, 'x.npz'), /^entry 'W_hh\.npy'/, /corrupt|CRC|declare|more than/);
  });
});

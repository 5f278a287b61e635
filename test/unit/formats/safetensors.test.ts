// Hand-built safetensors files, each broken in one way the format forbids.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isInputError } from '../../../src/core/errors';
import { readSafetensors, readSafetensorsHeader } from '../../../src/core/formats/safetensors';
import { fixtureBytes } from './fixtures';

function build(header: unknown, dataLength: number, headerText?: string): Uint8Array {
  const text = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const bytes = new Uint8Array(8 + text.length + dataLength);
  new DataView(bytes.buffer).setUint32(0, text.length, true);
  bytes.set(text, 8);
  return bytes;
}

function refuses(bytes: Uint8Array, location: string, problem: RegExp, opts?: { maxBytes?: number }): void {
  assert.throws(
    () => readSafetensors(bytes, 'w.safetensors', opts),
    (e: unknown) => {
      assert.ok(isInputError(e), String(e));
      assert.equal(e.file, 'w.safetensors');
      assert.equal(e.location, location);
      assert.match(e.problem, problem);
      return true;
    },
  );
}

const f32 = (shape: number[], offsets: number[]) => ({ dtype: 'F32', shape, data_offsets: offsets });

describe('safetensors: strict header checks', () => {
  it('reads a well-formed hand-built file (zeros)', () => {
    const f = readSafetensors(build({ a: f32([2], [0, 8]), b: f32([1], [8, 12]) }, 12), 'w.safetensors');
    assert.deepEqual([...f.tensors.keys()], ['a', 'b']);
  });
  it('a file shorter than the length field', () => refuses(new Uint8Array(5), 'byte 0', /too short/));
  it('a header length past the end of the file', () => {
    const bytes = build({}, 0);
    new DataView(bytes.buffer).setUint32(0, 1000, true);
    refuses(bytes, 'byte 0', /header length 1000 runs past the end of the file \(10 bytes\)/);
  });
  it('a header over 100 MB (the high word set)', () => {
    const bytes = build({}, 0);
    new DataView(bytes.buffer).setUint32(4, 1, true);
    refuses(bytes, 'byte 0', /over the .* limit/);
  });
  it('a header that is not JSON', () => refuses(build(null, 0, '{"a": '), 'header (byte 8)', /not valid JSON/));
  it('a header that is not an object', () => refuses(build([1, 2], 0), 'header (byte 8)', /must be a JSON object/));
  it('non-UTF-8 header bytes', () => {
    const bytes = build(null, 0, '{"a":1}');
    bytes[10] = 0xff;
    refuses(bytes, 'header (byte 8)', /UTF-8/);
  });
  it('an unknown dtype', () =>
    refuses(
      build({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16),
      "tensor 'w'",
      /unknown dtype "F128"/,
    ));
  it('a negative or fractional dimension', () =>
    refuses(build({ w: f32([-1], [0, 4]) }, 4), "tensor 'w'", /non-negative integers/));
  it('offsets past the data', () =>
    refuses(build({ w: f32([2], [0, 8]) }, 4), "tensor 'w'", /run past the end of the data/));
  it('offsets that end before they begin', () =>
    refuses(build({ w: f32([0], [8, 4]) }, 8), "tensor 'w'", /end before they begin/));
  it('shape × dtype size ≠ byte length', () =>
    refuses(build({ w: f32([3], [0, 8]) }, 8), "tensor 'w'", /needs 12 bytes .* hold 8/));
  it('overlapping tensors', () => {
    refuses(
      build({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, 12),
      `tensor 'b' (byte ${8 + JSON.stringify({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }).length + 4})`,
      /overlap tensor 'a'/,
    );
  });
  it('a hole between tensors', () => {
    const header = { a: f32([1], [0, 4]), b: f32([1], [8, 12]) };
    const start = 8 + JSON.stringify(header).length;
    refuses(build(header, 12), `byte ${start + 4}`, /belong to no tensor/);
  });
  it('bytes after the last tensor', () => {
    const header = { a: f32([1], [0, 4]) };
    refuses(build(header, 6), `byte ${8 + JSON.stringify(header).length + 4}`, /2 bytes after the last tensor/);
  });
  it('metadata that is not a map of strings', () =>
    refuses(build({ __metadata__: { n: 1 } }, 0), 'header __metadata__.n', /must be a string/));
  it('a file over the size limit', () => refuses(build({}, 100), '', /over the 64 bytes limit/, { maxBytes: 64 }));

  it('lists the header without decoding data: names, dtypes, shapes, absolute offsets, in file order', () => {
    const bytes = fixtureBytes('safetensors/dtypes.safetensors');
    const header = readSafetensorsHeader(bytes, 'dtypes.safetensors');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    assert.equal(header.dataStart, 8 + view.getUint32(0, true));
    assert.deepEqual(
      header.entries.map((e) => `${e.name}:${e.dtype}:${e.shape.join('x')}`),
      ['f64:F64:2x3', 'f32:F32:3x2', 'f16:F16:2x4', 'bf16:BF16:4x2', 'scalar:F32:', 'empty:F32:0x3'],
    );
    assert.equal(header.entries[0].start, header.dataStart);
    assert.equal(header.entries[header.entries.length - 1].end, bytes.length);
    assert.deepEqual({ ...header.metadata }, { format: 'pt', note: 'fixture' });
  });
  it('the header listing does not touch tensor data (NaN data still lists)', () => {
    const header = readSafetensorsHeader(fixtureBytes('safetensors-bad/nan.safetensors'));
    assert.deepEqual(
      header.entries.map((e) => e.name),
      ['ok', 'weights'],
    );
  });
});

// The protobuf wire format, just enough to walk an ONNX file: each field's number, wire type and payload, every
// length checked against the bytes that are left, so a corrupt file ends in an InputError naming the byte offset.
import { InputError } from '../../errors';

export interface WireField {
  readonly number: number;
  readonly wireType: 0 | 1 | 2 | 5;
  /** Varints as a number (exact up to 2^53: larger ones are refused where a value must be exact). */
  readonly value: number;
  /** The payload's bytes for length-delimited (2) and fixed (1, 5) fields. */
  readonly bytes: Uint8Array;
  /** Byte offset of the field's key in the file, for messages. */
  readonly offset: number;
}

/** A message's bytes and where they start in the file. */
export interface WireMessage {
  readonly bytes: Uint8Array;
  readonly base: number;
}

export function* wireFields(file: string, message: WireMessage, path: string): Generator<WireField> {
  const { bytes, base } = message;
  let at = 0;
  const fail = (where: number, problem: string) => new InputError(file, `${path} (byte ${base + where})`, problem);
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= bytes.length) throw fail(at, 'truncated message: a number runs past the end');
      const b = bytes[at++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw fail(at, 'malformed number (over 10 bytes)');
  };
  while (at < bytes.length) {
    const offset = at;
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number === 0) throw fail(offset, 'field number 0 (not a protobuf message)');
    let length: number;
    if (wireType === 0) {
      yield { number, wireType, value: varint(), bytes: EMPTY, offset: base + offset };
      continue;
    } else if (wireType === 1) length = 8;
    else if (wireType === 5) length = 4;
    else if (wireType === 2) length = varint();
    else throw fail(offset, `unsupported wire type ${wireType} in field ${number}`);
    if (length > bytes.length - at) {
      throw fail(offset, `truncated message: field ${number} needs ${length} bytes, ${bytes.length - at} are left`);
    }
    const payload = bytes.subarray(at, at + length);
    yield { number, wireType, value: 0, bytes: payload, offset: base + offset };
    at += length;
  }
}

const EMPTY = new Uint8Array(0);

/** A length-delimited field's payload as a message of its own (nested messages keep their file offsets). */
export function subMessage(field: WireField, parent: WireMessage): WireMessage {
  return { bytes: field.bytes, base: parent.base + (field.bytes.byteOffset - parent.bytes.byteOffset) };
}

// Bytes a reader asks for by range, so that a format's header is read before (and often instead of) its data:
// an in-memory buffer (tests, the bench) or a file on disk (readFile.ts) look the same to the readers.

export interface ByteSource {
  /** Length in bytes, fixed for the source's life (a file that changes is refused when next read). */
  readonly size: number;
  /** `length` bytes from `offset`; the caller keeps the range inside [0, size]. May share memory with the source. */
  read(offset: number, length: number): Uint8Array;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.byteLength, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

export function isByteSource(input: Uint8Array | ByteSource): input is ByteSource {
  return !(input instanceof Uint8Array);
}

/** The first `length` bytes or the whole source if shorter: what a format sniff or header check needs. */
export function readHead(source: ByteSource, length: number): Uint8Array {
  return source.read(0, Math.min(length, source.size));
}

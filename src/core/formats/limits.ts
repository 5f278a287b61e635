// Size limits every binary reader shares, so a huge or hostile file is refused before any work.
import { InputError } from '../errors';
import { fmt, fmtCount } from '../format-number';

export interface ReaderOptions {
  /** Largest file (and, for .npz, largest total uncompressed size) accepted; default DEFAULT_MAX_BYTES. */
  readonly maxBytes?: number;
}

/** The same default as load.ts, for callers that use a reader directly. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

export function maxBytesOf(opts: ReaderOptions | undefined): number {
  return opts?.maxBytes ?? DEFAULT_MAX_BYTES;
}

export function assertFileSize(bytes: Uint8Array, file: string, opts: ReaderOptions | undefined): void {
  const max = maxBytesOf(opts);
  if (bytes.length > max) {
    throw new InputError(
      file,
      '',
      `file is ${formatBytes(bytes.length)}, over the ${formatBytes(max)} limit (setting: maximum file size)`,
    );
  }
}

/** A size in bytes for people: 512 bytes, 1.5 KiB, 2 GiB (binary units, numbers by fmt). */
export function formatBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (n < 1024) return `${fmtCount(n)} bytes`;
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${fmt(v)} ${units[u]}`;
}

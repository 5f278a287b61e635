// Size limits every binary reader shares, so a huge or hostile file is refused before any work.
import { InputError } from '../errors';

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
    throw new InputError(file, '', `file is ${formatBytes(bytes.length)}, over the ${formatBytes(max)} limit (setting: maximum file size)`);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

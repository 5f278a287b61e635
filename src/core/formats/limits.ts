// Size limits every binary reader shares, so a huge or hostile file is refused before any work, and the memory
// budget of one request (an analysis, an inspection, a config check): each allocation for decoded tensors or
// inflated archive members is charged before it is made, so a file that would need more is refused with the
// file, the tensor and the numbers instead of taking the process down.
import { InputError } from '../errors';
import { fmt, fmtCount } from '../format-number';

export interface ReaderOptions {
  /** Largest file (and, for .npz, largest total uncompressed size) accepted; default DEFAULT_MAX_BYTES. */
  readonly maxBytes?: number;
  /** What decoding the tensors of this one request may allocate; default a budget of DEFAULT_MEMORY_BUDGET. */
  readonly budget?: MemoryBudget;
}

/** The largest file read (the editor's rnnGradients.maxWeightsFileMB default, and the CLI's). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** What one request may allocate for decoded tensors (the editor's rnnGradients.maxMemoryMB default, the CLI's). */
export const DEFAULT_MEMORY_BUDGET = 1024 ** 3;

export function maxBytesOf(opts: ReaderOptions | undefined): number {
  return opts?.maxBytes ?? DEFAULT_MAX_BYTES;
}

export function assertFileSize(bytes: Uint8Array, file: string, opts: ReaderOptions | undefined): void {
  assertSourceSize(bytes.length, file, opts);
}

export function assertSourceSize(size: number, file: string, opts: ReaderOptions | undefined): void {
  const max = maxBytesOf(opts);
  if (size > max) {
    throw new InputError(file, '', `file is ${formatBytes(size)}, over the ${formatBytes(max)} limit`);
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

export class MemoryBudget {
  private used = 0;

  constructor(readonly limit: number = DEFAULT_MEMORY_BUDGET) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Reserves `bytes` for `what` (e.g. "decoding it as float64") at `where` in `file`, or refuses. */
  charge(bytes: number, file: string, where: string, what: string): void {
    if (this.used + bytes > this.limit) {
      const others = this.used > 0 ? `; ${formatBytes(this.used)} already in use` : '';
      throw new InputError(
        file,
        where,
        `${what} needs ${formatBytes(bytes)}, over the memory budget of ${formatBytes(this.limit)} (setting rnnGradients.maxMemoryMB${others})`,
      );
    }
    this.used += bytes;
  }

  /** Gives back what a charge reserved, once that memory is no longer held. */
  refund(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

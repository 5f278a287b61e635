// Room in a WebAssembly module's memory for our kernels' float64 buffers. Memory grows in 64 KiB pages and
// never shrinks; growing detaches the old ArrayBuffer, so a view taken before a reserve may be stale after it.

const PAGE_BYTES = 65536;
/** Our kernels address memory with signed 32-bit offsets. */
const MAX_BYTES = 2 ** 31;

/** A float64 view of `memory`, grown first to hold at least `doubles` values; null if it cannot grow that far. */
export function reserveFloat64(memory: WebAssembly.Memory, doubles: number): Float64Array | null {
  const bytes = doubles * 8;
  if (bytes > MAX_BYTES) return null;
  const have = memory.buffer.byteLength;
  if (bytes > have) {
    try {
      memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    } catch {
      return null;
    }
  }
  return new Float64Array(memory.buffer);
}

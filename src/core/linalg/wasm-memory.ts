// Room in a WebAssembly module's memory for our kernels' float64 buffers. Memory grows in 64 KiB pages and
// never shrinks; growing detaches the old ArrayBuffer, so a view taken before a reserve may be stale after it.
// Every kernel instance is made here, so that where instances cannot get memory at all they are tried once.
import { trace } from '../runtime/trace';

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

/** Whether instances can be made in this thread: unknown until the first try, false for good after a failure. */
let instancesWork: boolean | undefined;

/**
 * An instance of one of our kernel modules (each has its own memory), or null. V8 reserves several GiB of
 * address space per memory; under a virtual-memory limit (`ulimit -v`) that fails after a garbage collection and
 * a retry (0.2–0.3 s), so after one failure this thread uses the JavaScript kernels without trying again. Nothing
 * is printed; RNN_GRADIENTS_TRACE=wasm says it on stderr.
 */
export function instantiateKernels(module: WebAssembly.Module): WebAssembly.Exports | null {
  if (instancesWork === false) return null;
  try {
    const exports = new WebAssembly.Instance(module, {}).exports;
    instancesWork = true;
    return exports;
  } catch (e) {
    instancesWork = false;
    trace(
      'wasm',
      `WebAssembly instance failed (${e instanceof Error ? e.message : String(e)}): JavaScript kernels from now on`,
    );
    return null;
  }
}

/**
 * Whether this thread can give a kernel instance memory, tried once with a one-page memory (what every instance
 * reserves) if nothing has been made yet. A thread starting a helper tells it the answer (dontTryInstances), so a
 * process pays for a failure once.
 */
export function wasmInstancesWork(): boolean {
  if (instancesWork !== undefined) return instancesWork;
  try {
    if (typeof WebAssembly !== 'object') return (instancesWork = false);
    new WebAssembly.Memory({ initial: 1 });
    instancesWork = true;
  } catch (e) {
    instancesWork = false;
    trace(
      'wasm',
      `WebAssembly memory failed (${e instanceof Error ? e.message : String(e)}): JavaScript kernels from now on`,
    );
  }
  return instancesWork;
}

/** For a thread whose parent found that instances cannot get memory: JavaScript kernels, without trying. */
export function dontTryInstances(): void {
  instancesWork = false;
}

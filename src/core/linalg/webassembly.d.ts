// The part of the WebAssembly JavaScript API our kernels use. Node has the global, but @types/node 20 does not
// declare it (TypeScript does so only in its DOM and web-worker libraries, which the host does not load).
declare namespace WebAssembly {
  type Exports = Record<string, unknown>;

  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }

  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Exports;
  }

  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    /** Adds `delta` 64 KiB pages; returns the previous size in pages; throws a RangeError past the maximum. */
    grow(delta: number): number;
  }

  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}

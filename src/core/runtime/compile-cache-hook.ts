// How a bundle run by the compile-cache launcher (compile-cache.ts) says "my hot code is compiled now": the
// launcher then writes V8's code cache of the bundle, once, if it had none. Outside the launcher (tsc's output,
// the tests, the extension host) there is no launcher and the call does nothing.

/** Where the launcher leaves its checkpoint function; a registered symbol, so the bundle needs no import of it. */
export const COMPILE_CACHE_CHECKPOINT = Symbol.for('rnn-gradients.compileCacheCheckpoint');

/** Write the code cache soon (after the current task), if this thread's bundle has none yet. */
export function compileCacheCheckpoint(): void {
  const checkpoint = (globalThis as Record<symbol, unknown>)[COMPILE_CACHE_CHECKPOINT];
  if (typeof checkpoint === 'function') setImmediate(checkpoint as () => void);
}

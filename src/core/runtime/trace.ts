// RNN_GRADIENTS_TRACE=wasm,compile-cache: which of our diagnostics go to stderr. The variable is read here only.
export type TraceTopic = 'wasm' | 'compile-cache';

interface NodeLike {
  env?: Record<string, string | undefined>;
  stderr?: { write(text: string): unknown };
}

/** Prints `rnn-gradients trace: <message>` on stderr when RNN_GRADIENTS_TRACE names the topic. */
export function trace(topic: TraceTopic, message: string): void {
  // Through globalThis: callers are also compiled against DOM types only (the webview's), which have no `process`.
  const node = (globalThis as { process?: NodeLike }).process;
  if (node?.env?.RNN_GRADIENTS_TRACE?.split(',').includes(topic))
    node.stderr?.write(`rnn-gradients trace: ${message}\n`);
}

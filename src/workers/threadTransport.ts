// Worker threads as request transports: the host's end of a Worker, and the thread's end (its parent port).
import type { MessagePort, Worker } from 'node:worker_threads';
import { Listeners, type Transport } from '../core/messaging/transport';
import { compileCacheCheckpoint } from '../core/runtime/compile-cache-hook';

/** The host's end of `worker`; it closes, once, when the thread crashes or exits. `peer` names it in errors. */
export function workerTransport<Out, In>(worker: Worker, peer: string): Transport<Out, In> {
  const closeListeners = new Listeners<Error>();
  let closedBy: Error | undefined;
  const close = (reason: Error) => {
    if (closedBy) return;
    closedBy = reason;
    closeListeners.emit(reason);
    closeListeners.clear();
  };
  // A crash ('error') is followed by 'exit': the crash says more, so it wins.
  worker.on('error', (e) => close(new Error(`${peer} crashed: ${e.message}`)));
  worker.on('exit', (code) => close(new Error(`${peer} stopped (exit code ${code})`)));
  return {
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => {
      worker.on('message', listener);
      return () => worker.off('message', listener);
    },
    onClose: (listener) => {
      if (closedBy) {
        listener(closedBy);
        return () => undefined;
      }
      return closeListeners.add(listener);
    },
  };
}

/**
 * The thread's end of the channel to the host. A result or failure sent is the thread's checkpoint for its code
 * cache: by then it has compiled what a request needs.
 */
export function parentPortTransport<Out, In>(port: MessagePort): Transport<Out, In> {
  return {
    send: (message) => {
      port.postMessage(message);
      if ((message as { type?: unknown }).type !== 'progress') compileCacheCheckpoint();
    },
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
    onClose: (listener) => {
      const closed = () => listener(new Error('the host closed the channel'));
      port.once('close', closed);
      return () => port.off('close', closed);
    },
  };
}

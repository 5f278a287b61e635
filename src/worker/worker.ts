// The analysis worker: runs the numeric core off the extension host's thread and reports progress.
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../core/analysis/analyze-file';
import { isInputError } from '../core/errors';
import { helperThread } from '../core/parallel/helper';
import type { HostToWorkerMessage, WorkerError, WorkerToHostMessage } from '../protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

// Load the helper thread now, while the user is still choosing what to analyse.
helperThread();

function send(message: WorkerToHostMessage): void {
  port!.postMessage(message);
}

port.on('message', (message: HostToWorkerMessage) => {
  if (message.type !== 'analyze') return;
  const { id, request } = message;
  let lastSent = 0;
  try {
    const result = analyzeFile(request.file, request.options, {
      onProgress: (fraction, text) => {
        // At most ~20 progress messages a second: the host only shows them.
        const now = Date.now();
        if (now - lastSent < 50 && fraction < 1) return;
        lastSent = now;
        send({ type: 'progress', id, fraction, message: text });
      },
    }, request.maxBytes);
    send({ type: 'result', id, result });
  } catch (e) {
    send({ type: 'error', id, error: toWorkerError(e) });
  }
});

function toWorkerError(e: unknown): WorkerError {
  if (isInputError(e)) return { name: 'InputError', message: e.message, file: e.file, location: e.location };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

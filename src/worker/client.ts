// The host side of the analysis worker: one request at a time per client, progress callbacks, cancellation by
// AbortSignal (the worker is terminated, so even a long matrix product stops at once), and a fresh worker
// after a cancel or a crash.
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../core/errors';
import type { AnalysisResult } from '../core/analysis/types';
import type { AnalyzeRequest, WorkerToHostMessage } from '../protocol';

export interface AnalyzeCallbacks {
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}

/** An error reported by the worker, with the file and place when the input was at fault. */
export class AnalysisError extends Error {
  constructor(name: string, message: string, readonly file?: string, readonly location?: string) {
    super(message);
    this.name = name;
  }
}

export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void; callbacks: AnalyzeCallbacks }>();

  /** @param workerScript absolute path of dist/worker.js */
  constructor(private readonly workerScript: string) {}

  analyze(request: AnalyzeRequest, callbacks: AnalyzeCallbacks = {}): Promise<AnalysisResult> {
    if (callbacks.signal?.aborted) return Promise.reject(new CancelledError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<AnalysisResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, callbacks });
      callbacks.signal?.addEventListener('abort', () => this.cancel(id), { once: true });
      worker.postMessage({ type: 'analyze', id, request });
    });
  }

  /** Stops every request in flight. */
  dispose(): void {
    this.restart(new CancelledError());
  }

  private cancel(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.reject(new CancelledError());
    // The worker is single-threaded and busy with this request: terminate it; the others restart on a fresh one.
    const others = [...this.pending.entries()];
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
    for (const [, other] of others) other.reject(new AnalysisError('Error', 'the analysis worker was restarted; run the analysis again'));
  }

  private restart(reason: Error): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
    for (const entry of entries) entry.reject(reason);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (message: WorkerToHostMessage) => this.onMessage(message));
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.restart(new AnalysisError('Error', `the analysis worker crashed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.restart(new AnalysisError('Error', `the analysis worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(message: WorkerToHostMessage): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (message.type === 'progress') {
      entry.callbacks.onProgress?.(message.fraction, message.message);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') entry.resolve(message.result);
    else entry.reject(new AnalysisError(message.error.name, message.error.message, message.error.file, message.error.location));
  }
}

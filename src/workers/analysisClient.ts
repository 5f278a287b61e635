// The host side of the analysis worker: progress callbacks, cancellation by AbortSignal (the worker is
// terminated, so even a long matrix product stops at once), and a fresh worker after a cancel or a crash.
import { CancelledError } from '../core/errors';
import type { AnalysisResult } from '../core/analysis/types';
import { RequestFailedError } from '../core/messaging/requestChannel';
import type { WeightsReport } from '../core/config/weightsReport';
import type { AnalysisWorkerRequests, AnalyzeRequest, WeightsReportRequest } from '../protocol/analysisWorker';
import { WorkerClient } from './workerClient';

export interface AnalyzeCallbacks {
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}

/** An error reported by the worker, with the file and place when the input was at fault. */
export const AnalysisError = RequestFailedError;
export type AnalysisError = RequestFailedError;

export class AnalysisClient {
  private readonly worker: WorkerClient<AnalysisWorkerRequests>;

  /** @param workerScript absolute path of dist/analysisWorker.js */
  constructor(workerScript: string) {
    this.worker = new WorkerClient(workerScript, 'the analysis worker', { stopOnAbandon: true });
  }

  analyze(request: AnalyzeRequest, callbacks: AnalyzeCallbacks = {}): Promise<AnalysisResult> {
    const { onProgress, signal } = callbacks;
    return this.worker.request('analyze', request, {
      signal,
      ...(onProgress ? { onProgress: ({ fraction, message }) => onProgress(fraction, message) } : {}),
    });
  }

  /** Reads, decodes and measures the weights a config names, in the worker. */
  weightsReport(request: WeightsReportRequest): Promise<WeightsReport> {
    return this.worker.request('weightsReport', request);
  }

  /** Stops every request in flight. */
  dispose(): void {
    this.worker.stop(new CancelledError());
  }
}

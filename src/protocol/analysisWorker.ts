// Host ↔ analysis worker (src/workers/analysisWorker.ts, bundled as dist/analysisWorker.js). Cancelling an
// analysis terminates the thread, stopping even a long matrix product at once; the next request starts a
// fresh one (src/workers/analysisClient.ts).
import type { AnalysisOptions, AnalysisResult } from '../core/analysis/types';

export interface AnalyzeRequest {
  /** Absolute path of the weights file. */
  file: string;
  options: AnalysisOptions;
  /** Refuse weights files larger than this (setting). */
  maxBytes?: number;
}

export interface AnalysisProgress {
  /** 0 to 1. */
  fraction: number;
  message: string;
}

export interface AnalysisWorkerRequests {
  analyze: { params: AnalyzeRequest; result: AnalysisResult; progress: AnalysisProgress };
}

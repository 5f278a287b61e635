// Host ↔ analysis worker (src/workers/analysisWorker.ts, bundled as dist/analysisWorker.js). Cancelling an
// analysis terminates the thread, stopping even a long matrix product at once; the next request starts a
// fresh one (src/workers/analysisClient.ts).
import type { AnalysisOptions, AnalysisResult } from '../core/analysis/types';
import type { ActivationName } from '../core/rnn/activations';
import type { WeightsReport } from '../core/config/weightsReport';

export interface AnalyzeRequest {
  /** Absolute path of the weights file. */
  file: string;
  options: AnalysisOptions;
  /** Refuse weights files larger than this (setting). */
  maxBytes?: number;
  /** What decoding the file's tensors may allocate, in bytes (setting). */
  memoryBudget?: number;
}

/** The saved weights a config names, read, decoded and measured in the worker: the host only gets the report. */
export interface WeightsReportRequest {
  /** The config file's path: `weights` is relative to its folder. */
  configFile: string;
  /** The `weights` value as written. */
  written: string;
  seqLen?: number;
  threshold?: number;
  activation?: ActivationName;
  tied?: readonly (readonly string[])[];
  limits?: { maxBytes?: number; memoryBudget?: number };
}

export interface AnalysisProgress {
  /** 0 to 1. */
  fraction: number;
  message: string;
}

export interface AnalysisWorkerRequests {
  analyze: { params: AnalyzeRequest; result: AnalysisResult; progress: AnalysisProgress };
  weightsReport: { params: WeightsReportRequest; result: WeightsReport };
}

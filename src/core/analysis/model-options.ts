// What analyzeModel takes besides the model and the sequence (one module, so both analyses can import it).
import type { AnalysisResult } from './types';

export interface AnalyzeModelOptions {
  lags?: number;
  /** Overrides MAX_EXACT_FLOPS (MAX_EXACT_GATED_FLOPS for LSTM/GRU; tests use a small one to exercise the estimate). */
  maxExactFlops?: number;
  threshold?: number;
  /** What the inputs were, for the report. */
  inputs: AnalysisResult['inputs'];
  /** Share the work with a helper thread when there is a second core (default true); the numbers are the same. */
  threads?: boolean;
}

// Host ↔ weights worker (src/workers/weightsWorker.ts, bundled as dist/weightsWorker.js). The inspector starts
// a worker of its own per editor (terminated when the editor closes); weight JSON documents share one.
import type { FileReport, TensorRow } from '../core/inspect/file-report';
import type { FileTree } from '../core/inspect/file-tree';
import type { TensorStatistics } from '../core/inspect/statistics';
import type { TextRange, WeightsDiagnostic } from '../core/inspect/weights-json';

export interface InspectParams {
  readonly file: string;
  readonly maxBytes: number;
  /**
   * What decoding may allocate, in bytes (default DEFAULT_MEMORY_BUDGET). Tensors are decoded one at a time for
   * their statistics and released after, so this bounds the largest tensor, not the file.
   */
  readonly memoryBudget?: number;
  /** ρ and σ_max for square recurrent matrices up to this size. */
  readonly maxSpectralSize: number;
}

/** What an inspection reports on the way, in this order; its result comes once every tensor has statistics. */
export type InspectProgress =
  /** The tensors' names, shapes and dtypes from the file's headers, and the tree of where each sits, listed before
   * any data is decoded. */
  | {
      readonly type: 'header';
      readonly format: string;
      readonly rows: readonly TensorRow[];
      readonly tree: FileTree;
      readonly size: number;
    }
  | { readonly type: 'report'; readonly report: FileReport; readonly size: number }
  | { readonly type: 'statistics'; readonly index: number; readonly stats: TensorStatistics };

export interface HoverParams {
  readonly text: string;
  readonly file: string;
  readonly offset: number;
  readonly threshold?: number;
}

export interface WeightsHover {
  readonly range: TextRange;
  readonly markdown: string;
}

export interface WeightsWorkerRequests {
  /** Reads and decodes a binary weights file and computes each tensor's statistics. */
  inspect: { params: InspectParams; result: undefined; progress: InspectProgress };
  /** Diagnostics of weight JSON text. */
  diagnose: { params: { readonly text: string }; result: readonly WeightsDiagnostic[] };
  /** The hover at an offset of weight JSON text (none when the offset is not on a tensor's key). */
  hover: { params: HoverParams; result: WeightsHover | undefined };
}

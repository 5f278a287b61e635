// Host ↔ timeline worker (src/workers/timelineWorker.ts → dist/timelineWorker.js): a folder of checkpoints
// analysed on the worker's analysis threads, each entry reported as progress as it arrives. Cancelling
// terminates the worker and its threads.
import type { AnalysisOptions } from '../core/analysis/types';
import type { Timeline, TimelineEntry } from '../core/timeline/types';

export interface TimelineRequest {
  /** Absolute path of the folder. */
  folder: string;
  /** The probe every checkpoint shares (no layer: every layer and direction is analysed). */
  analysis: AnalysisOptions;
  /** The cache file (the extension's global storage); absent: no cache. */
  cacheFile?: string;
  /** A training run may be writing into the folder: files still being written are left pending. */
  live: boolean;
  /** Refuse checkpoints larger than this, and decoding past this memory (the settings), in bytes. */
  maxBytes?: number;
  memoryBudget?: number;
}

export interface TimelineProgress {
  fraction: number;
  message: string;
  /** The entry just known (cached entries first), so that the panel draws it at once: `done` of `total`. */
  entry?: TimelineEntry;
  done: number;
  total: number;
}

export interface TimelineWorkerRequests {
  timeline: { params: TimelineRequest; result: Timeline; progress: TimelineProgress };
}

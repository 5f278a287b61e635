// Messages between the extension host and the weights worker thread (dist/weightsWorker.js).
import type { FileReport, TensorRow } from '../../core/inspect/file-report';
import type { TensorStatistics } from '../../core/inspect/statistics';
import type { TextRange, WeightsDiagnostic } from '../../core/inspect/weights-json';

/** The inspector's one request to a worker of its own (terminated when the editor closes). */
export interface InspectRequest {
  readonly type: 'inspect';
  readonly file: string;
  readonly maxBytes: number;
  /** ρ and σ_max for square recurrent matrices up to this size. */
  readonly maxSpectralSize: number;
}

export type InspectWorkerMessage =
  /** A safetensors header, listed before any data is decoded. */
  | { readonly type: 'header'; readonly rows: readonly TensorRow[]; readonly size: number }
  | { readonly type: 'report'; readonly report: FileReport; readonly size: number }
  | { readonly type: 'statistics'; readonly index: number; readonly stats: TensorStatistics }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

/** Requests about weight JSON text, to the long-lived worker shared by all JSON documents. */
export type JsonRequest =
  | { readonly type: 'diagnose'; readonly id: number; readonly text: string }
  | { readonly type: 'hover'; readonly id: number; readonly text: string; readonly file: string; readonly offset: number; readonly threshold?: number };

export type JsonReply =
  | { readonly type: 'diagnosed'; readonly id: number; readonly diagnostics: readonly WeightsDiagnostic[] }
  | { readonly type: 'hovered'; readonly id: number; readonly hover?: { readonly range: TextRange; readonly markdown: string } }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

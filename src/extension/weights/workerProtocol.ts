// Messages between the inspector (extension host) and its statistics worker thread.
import type { FileReport, TensorRow } from '../../core/inspect/file-report';
import type { TensorStatistics } from '../../core/inspect/statistics';

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

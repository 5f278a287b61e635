// A timeline: one entry per checkpoint of a training run, in training order: the public JSON contract of
// `rnn-gradients timeline --json`.
import type { Regime } from '../analysis/types';
import type { CellKind } from '../rnn/gated-model';

/** Which rule put the checkpoints in order (order.ts). */
export type TimelineOrder = 'globalStep' | 'epoch' | 'fileName' | 'mtime';

/** One layer (and direction) of one checkpoint, with the probe every checkpoint shares. */
export interface TimelineLayerPoint {
  layer: number;
  direction: 'forward' | 'reverse';
  cell: CellKind;
  /** ρ of W_hh (RNN) or of the gated cell's step Jacobian at the origin; null beyond float64. */
  rho: number | null;
  sigmaMax: number | null;
  /** γ σ_max (RNN: Pascanu's bound; gated cells: the sup bound of one step's norm); null beyond float64. */
  gammaSigmaMax: number | null;
  regime: Regime;
  horizon: number;
  horizonReachesEnd: boolean;
  /** ‖∂E/∂W_hh‖_F of the probe loss 0.5‖h_T‖². */
  gradientNorm: number;
  /** LSTM: the forget gate's mean; GRU: the update gate's; absent for an RNN. */
  meanGate?: number;
  /** LSTM/GRU: the median unit timescale τ, in steps (null: τ = ∞). */
  medianTimescale?: number | null;
  /** `--lyapunov`: the largest Lyapunov exponent, per step (null: −∞). */
  lambda1?: number | null;
}

export interface TimelineEntryBase {
  file: string;
  size: number;
  mtimeMs: number;
}

export interface TimelinePoint extends TimelineEntryBase {
  ok: true;
  epoch?: number;
  globalStep?: number;
  /** The cell and shapes (architectureOf): checkpoints with the same one are drawn as one line. */
  architecture: string;
  layers: TimelineLayerPoint[];
}

export interface TimelineError extends TimelineEntryBase {
  ok: false;
  /** The reader's message, naming the file and the place. */
  error: string;
}

export type TimelineEntry = TimelinePoint | TimelineError;

export interface TimelineArchitecture {
  /** "RNN, 2 → 16 units, 1 layer". */
  description: string;
  /** Its entries, as indexes into Timeline.entries. */
  entries: number[];
}

export interface Timeline {
  /** Which rule gave the order, and in words. */
  order: TimelineOrder;
  orderDescription: string;
  /** The probe every checkpoint was analysed with. */
  probe: { inputs: 'random' | 'zeros' | 'file'; seed?: number; steps?: number; file?: string; threshold?: number };
  entries: TimelineEntry[];
  /** Checkpoints of different shapes or cells are listed apart: never one line. */
  architectures: TimelineArchitecture[];
  /** How many entries came from the cache. */
  fromCache: number;
  /** Watching a training run: files still being written (modified moments ago, or an archive not yet complete),
   *  left out of `entries` until they settle. Absent when no run is watched (the CLI). */
  pending?: string[];
}

// What the config checks need to know about the saved weights a config names: read once, off the main
// thread if the caller likes, then used by diagnostics and hovers as plain data.
import type { CellKind } from '../rnn/gated-model';
import type { Regime } from '../analysis/types';
import type { ActivationName } from '../rnn/activations';

export interface TiedCheck {
  /** The group as written in the config. */
  readonly members: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly shapesFit: boolean;
  readonly equal: boolean;
  /** Why the group fails, in words with the numbers; undefined when it holds. */
  readonly problem?: string;
}

export interface WeightsOk {
  readonly status: 'ok';
  /** The path as written in the config, and resolved. */
  readonly written: string;
  readonly file: string;
  readonly format: string;
  /** The saved layer's cell; for LSTM/GRU, ρ and σ_max are of the step Jacobian at the origin (s = 0, x = 0). */
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly inputSize: number;
  readonly activation: ActivationName;
  /** 'file' when the file stores its activation; otherwise it was assumed or taken from the config. */
  readonly activationSource: 'file' | 'default' | 'override';
  /** null beyond float64; the log10 beside says it (and keeps a subnormal value's digits), null for 0. */
  readonly spectralRadius: number | null;
  readonly log10SpectralRadius: number | null;
  readonly sigmaMax: number | null;
  readonly log10SigmaMax: number | null;
  readonly gamma: number;
  readonly gammaSigmaMax: number | null;
  readonly log10GammaSigmaMax: number | null;
  readonly regime: Regime;
  readonly horizon: number;
  readonly horizonReachesEnd: boolean;
  /** T of the probe run behind the horizon (seeded N(0, 1) inputs). */
  readonly steps: number;
  readonly seed: number;
  readonly threshold: number;
  readonly summary: string;
  readonly tied: readonly TiedCheck[];
}

export interface WeightsFailed {
  readonly status: 'missing' | 'unreadable';
  readonly written: string;
  readonly file: string;
  readonly message: string;
}

export type WeightsReport = WeightsOk | WeightsFailed;

// A training config (model, data, train, weights, tied) as typed, located values. Invalid fields are left out
// (and reported), so everything downstream can trust the types.
import type { ActivationName } from '../rnn/activations';
import type { TextRange } from './source';

export const INIT_TYPES = [
  'normal',
  'uniform',
  'orthogonal',
  'identity',
  'xavier_uniform',
  'xavier_normal',
  'pytorch_default',
] as const;
export type InitType = (typeof INIT_TYPES)[number];

/** The cells a config may name: the vanilla RNN and the gated cells. */
export const CELL_NAMES = ['rnn', 'lstm', 'gru'] as const;
export type CellName = (typeof CELL_NAMES)[number];

export interface Field<T> {
  readonly value: T;
  /** The value's range. */
  readonly range: TextRange;
  /** The key's range. */
  readonly keyRange: TextRange;
}

export interface RecurrentInitConfig {
  readonly range: TextRange;
  readonly keyRange: TextRange;
  readonly type?: Field<InitType>;
  readonly std?: Field<number>;
  readonly a?: Field<number>;
  readonly gain?: Field<number>;
  readonly scale?: Field<number>;
}

export interface TiedGroupConfig {
  readonly range: TextRange;
  /** Tensor names; a trailing `^T` means the transpose. */
  readonly members: readonly Field<string>[];
}

export interface RnnConfig {
  readonly cell?: Field<CellName>;
  /** LSTM: the forget gate's bias b_f at initialisation (PyTorch users fill b_hf or b_if with it). */
  readonly forgetBias?: Field<number>;
  readonly hiddenSize?: Field<number>;
  readonly inputSize?: Field<number>;
  readonly activation?: Field<ActivationName>;
  readonly recurrentInit?: RecurrentInitConfig;
  readonly seqLen?: Field<number>;
  /** null: clipping explicitly switched off. */
  readonly clipGradNorm?: Field<number | null>;
  readonly lr?: Field<number>;
  /** As written: relative to the config's folder. */
  readonly weights?: Field<string>;
  readonly tied?: { readonly range: TextRange; readonly groups: readonly TiedGroupConfig[] };
}

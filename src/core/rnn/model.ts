// The vanilla RNN h_t = σ(W_hh h_{t−1} + W_xh x_t + b_h), as read from a weights file.
import type { Matrix } from '../linalg/matrix';
import type { CheckpointSummary } from '../formats/pytorch/checkpoint-summary';
import type { ActivationName } from './activations';

export interface RnnModel {
  readonly cell: 'rnn';
  readonly activation: ActivationName;
  /** Where the activation came from: the file itself, a default (state_dicts do not store it), or a user override. */
  readonly activationSource: 'file' | 'default' | 'override';
  readonly hiddenSize: number;
  readonly inputSize: number;
  /** n×n, rows index hidden units. */
  readonly W_hh: Matrix;
  /** n×m */
  readonly W_xh: Matrix;
  /** n; for PyTorch, bias_ih + bias_hh. */
  readonly b_h: Float64Array;
  readonly W_hy?: Matrix;
  readonly b_y?: Float64Array;
  /** Groups of tensor names constrained equal (a member may end in `^T` for a transpose). */
  readonly tied: readonly (readonly string[])[];
  readonly source: ModelSource;
}

export interface ModelSource {
  readonly file: string;
  readonly format: string;
  /** What a PyTorch checkpoint says about itself (epoch, step, learning rate, …); absent for other formats. */
  readonly checkpoint?: CheckpointSummary;
  /** The layer and direction analysed, for stacked PyTorch/Keras RNNs. */
  readonly layer: number;
  readonly direction: 'forward' | 'reverse';
  /** Every recurrent layer the file holds, so a user can pick another one. */
  readonly layers: readonly LayerInfo[];
}

export interface LayerInfo {
  readonly layer: number;
  readonly direction: 'forward' | 'reverse';
  /** 'rnn', or 'lstm' / 'gru' which are recognised but not analysed yet. */
  readonly cell: 'rnn' | 'lstm' | 'gru';
  readonly hiddenSize: number;
  readonly inputSize: number;
  /** Tensor names and shapes that make up the layer. */
  readonly tensors: readonly { name: string; shape: readonly number[] }[];
}

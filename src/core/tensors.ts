// What every weights reader produces: named float64 tensors, before anyone decides what they mean.
import type { CheckpointNode } from './formats/pytorch/types';

export type SourceDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'json';

export interface Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** How it was stored; the values are always widened to float64. */
  readonly dtype: SourceDType;
  readonly data: Float64Array;
}

export interface TensorFile {
  /** The path or name used in messages. */
  readonly file: string;
  /** 'json-model' (our format), 'json-state-dict', 'safetensors', 'npy', 'npz', 'pytorch-zip', 'pytorch-legacy', 'onnx',
   * 'pytorch-torchscript'. */
  readonly format: string;
  readonly tensors: ReadonlyMap<string, Tensor>;
  /** Non-tensor entries: our format's cell/activation/tied, safetensors __metadata__. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Where a file that nests its tensors keeps them (a PyTorch checkpoint's dicts, lists and objects), as the
   * reader found it: for the inspector's tree, never for the analysis. */
  readonly structure?: CheckpointNode;
  /** The path of groups each tensor sits under in the file, by tensor name (a Keras HDF5 file's
   * `model_weights › layer › weight name` components), when its name alone does not say it. */
  readonly places?: ReadonlyMap<string, readonly string[]>;
}

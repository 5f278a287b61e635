// What reading a PyTorch file gives: the tensors, where each sits, what the checkpoint says about itself, and the
// placeholders that stand for the globals that were not allowed. All plain data (JSON-able) except the tensors.

export interface TorchTensor {
  /** The dotted path where it sits: `state_dict.rnn.weight_hh_l0`, `module.lstm.weight_ih_l0`, `0.bias`. */
  readonly name: string;
  /** PyTorch's dtype name: float32, bfloat16, int64, bool … */
  readonly dtype: string;
  /** For float64/32/16 and bfloat16, the dtype the analysis reads; other dtypes are listed only. */
  readonly analysedAs?: 'F64' | 'F32' | 'F16' | 'BF16';
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  /** In elements of the storage. */
  readonly storageOffset: number;
  /** The storage's key in the file; tensors with the same key share its bytes. */
  readonly storageKey: string;
  readonly isParameter: boolean;
  readonly requiresGrad: boolean;
  /** Whether values() can read this dtype (not for complex and quantized types). */
  readonly readable: boolean;
  /** Decodes the elements now, in row-major order, as float64 (integers exactly up to 2^53). Not cached. */
  values(): Float64Array;
}

/** Where things sit in the checkpoint, as data: dict keys and list indices down to each tensor. */
export type CheckpointNode =
  | { readonly kind: 'value'; readonly value: string | number | boolean | null }
  /** An integer beyond 2^53, in decimal. */
  | { readonly kind: 'int'; readonly value: string }
  | { readonly kind: 'tensor'; readonly name: string }
  | { readonly kind: 'dict'; readonly className: string; readonly entries: readonly CheckpointEntry[] }
  | { readonly kind: 'list' | 'tuple' | 'set'; readonly items: readonly CheckpointNode[] }
  | {
      readonly kind: 'object';
      /** `module.qualname` of a global that was not allowed: kept as data, never looked up. */
      readonly className: string;
      readonly args: readonly CheckpointNode[];
      readonly state?: CheckpointNode;
      readonly items?: readonly CheckpointNode[];
      readonly entries?: readonly CheckpointEntry[];
    }
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'bytes'; readonly length: number }
  /** Anything else, described: a dtype, a device, a complex number, a storage. */
  | { readonly kind: 'other'; readonly text: string }
  /** The same object as at `path` (shared, or a cycle): shown once. */
  | { readonly kind: 'seen'; readonly path: string };

export interface CheckpointEntry {
  /** The key as text (an int key as its decimal digits). */
  readonly key: string;
  readonly node: CheckpointNode;
}

export interface Placeholder {
  /** `module.qualname`, e.g. `posix.system`, `torch.nn.modules.rnn.LSTM`, `__main__.Net`. */
  readonly className: string;
  /** Where the placeholder object sits in the checkpoint ('' for the root). */
  readonly path: string;
}

export interface CheckpointMetadata {
  readonly epoch?: number;
  readonly globalStep?: number;
  readonly learningRate?: number;
  /** The path the learning rate was taken from (`optimizer_states.0.param_groups.0.lr`). */
  readonly learningRateFrom?: string;
  readonly hyperParameters?: CheckpointNode;
  readonly hyperParametersFrom?: string;
  readonly lightningVersion?: string;
}

export interface TorchCheckpoint {
  readonly file: string;
  /** zip: torch.save since 1.6; legacy: `_use_new_zipfile_serialization=False`; torchscript: torch.jit.save. */
  readonly serialization: 'zip' | 'legacy' | 'torchscript';
  /** The zip's top folder (any name), for zip and TorchScript archives. */
  readonly archiveName?: string;
  readonly littleEndian: boolean;
  /** The archive's `version` record, or the legacy protocol version. */
  readonly version?: string;
  readonly pickleProtocol: number;
  /** By dotted path, in the order they appear. */
  readonly tensors: ReadonlyMap<string, TorchTensor>;
  readonly root: CheckpointNode;
  /** Where the model's own weights are ('' for a bare state_dict or a pickled module), if it can be told. */
  readonly weightsPath?: string;
  readonly metadata: CheckpointMetadata;
  /** Objects built from globals that were not allowed, with where they sit. */
  readonly placeholders: readonly Placeholder[];
  /** Every global that was not allowed, with the byte of its first use (whether or not its object was kept). */
  readonly placeholderGlobals: readonly { readonly name: string; readonly byte: number }[];
  /** Things a user should know: a TorchScript archive, tensors with dtypes that are only listed. */
  readonly notes: readonly string[];
}

// A TorchCheckpoint as the TensorFile every other reader gives: its float tensors by dotted name (values
// decoded now, or on first use with `lazy`), NaN/Inf refused as elsewhere; the rest of what it knows in metadata.
import { assertFinite } from '../elements';
import { checkpointSummary } from './checkpoint-summary';
import { lazyTensor } from '../lazyTensor';
import { MemoryBudget } from '../limits';
import type { Tensor, TensorFile } from '../../tensors';
import type { TorchCheckpoint, TorchTensor } from './types';

const STORED_BYTES = { F64: 8, F32: 4, F16: 2, BF16: 2 } as const;

export interface ToTensorFileOptions {
  /** Decode each tensor's values when `data` is first read instead of now (errors then surface at that read). */
  readonly lazy?: boolean;
  /** What lazy decoding may allocate, charged before each tensor is widened (default: a fresh budget). */
  readonly budget?: MemoryBudget;
}

export function torchCheckpointToTensorFile(
  checkpoint: TorchCheckpoint,
  options: ToTensorFileOptions = {},
): TensorFile {
  const tensors = new Map<string, Tensor>();
  const listedOnly: { name: string; dtype: string; shape: readonly number[] }[] = [];
  for (const t of checkpoint.tensors.values()) {
    if (!t.analysedAs) {
      listedOnly.push({ name: t.name, dtype: t.dtype, shape: t.shape });
      continue;
    }
    tensors.set(
      t.name,
      options.lazy
        ? lazyTorchTensor(t, checkpoint.file, options.budget ?? new MemoryBudget())
        : eagerTensor(t, checkpoint.file),
    );
  }
  return {
    file: checkpoint.file,
    format: checkpoint.serialization === 'legacy' ? 'pytorch-legacy' : `pytorch-${checkpoint.serialization}`,
    tensors,
    structure: checkpoint.root,
    metadata: {
      checkpoint: checkpointSummary(checkpoint),
      ...(checkpoint.weightsPath !== undefined ? { weightsPath: checkpoint.weightsPath } : {}),
      listedOnly,
      placeholders: checkpoint.placeholders,
      notes: checkpoint.notes,
    },
  };
}

function decode(t: TorchTensor, file: string): Float64Array {
  const data = t.values();
  assertFinite(data, t.shape, file, t.name);
  return data;
}

function eagerTensor(t: TorchTensor, file: string): Tensor {
  return { name: t.name, shape: t.shape, dtype: t.analysedAs ?? 'F64', data: decode(t, file) };
}

function lazyTorchTensor(t: TorchTensor, file: string, budget: MemoryBudget): Tensor {
  return lazyTensor({
    name: t.name,
    shape: t.shape,
    dtype: t.analysedAs ?? 'F64',
    count: t.shape.reduce((a, b) => a * b, 1),
    // The stored bytes, read from the file (or viewed) while the values are widened.
    scratchBytes: t.shape.reduce((a, b) => a * b, 1) * STORED_BYTES[t.analysedAs ?? 'F64'],
    file,
    budget,
    decode: () => decode(t, file),
  });
}

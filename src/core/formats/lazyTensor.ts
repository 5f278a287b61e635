// Tensors whose name, shape and dtype come from a header and whose values are decoded on first use: a file's
// unused members cost nothing, and what is decoded is charged to the request's memory budget first.
import type { SourceDType, Tensor, TensorFile } from '../tensors';
import type { MemoryBudget } from './limits';

export interface LazyTensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: SourceDType;
  /** Elements, from the shape. */
  readonly count: number;
  /** Bytes decoding needs besides the float64 result, held only while decoding (an inflated member, a read range). */
  readonly scratchBytes: number;
  readonly file: string;
  readonly budget: MemoryBudget;
  /** Produces the float64 values (and checks them); called at most once until released. */
  readonly decode: () => Float64Array;
}

const releasers = new WeakMap<Tensor, () => void>();

export function lazyTensor(spec: LazyTensorSpec): Tensor {
  let data: Float64Array | undefined;
  const resultBytes = spec.count * 8;
  const tensor: Tensor = {
    name: spec.name,
    shape: spec.shape,
    dtype: spec.dtype,
    get data(): Float64Array {
      if (data) return data;
      spec.budget.charge(
        resultBytes + spec.scratchBytes,
        spec.file,
        `tensor '${spec.name}'`,
        `decoding it (${spec.shape.join('×') || 'scalar'} ${spec.dtype} as float64)`,
      );
      try {
        data = spec.decode();
      } catch (e) {
        spec.budget.refund(resultBytes + spec.scratchBytes);
        throw e;
      }
      spec.budget.refund(spec.scratchBytes);
      return data;
    },
  };
  releasers.set(tensor, () => {
    if (!data) return;
    data = undefined;
    spec.budget.refund(resultBytes);
  });
  return tensor;
}

/** Drops a lazy tensor's decoded values and gives their memory back to the budget (a no-op for other tensors). */
export function releaseTensorData(tensor: Tensor): void {
  releasers.get(tensor)?.();
}

/** Decodes every tensor now (a check of all values, as the fuzz and reader tests want): the eager reading. */
export function decodeAllTensors(file: TensorFile): TensorFile {
  for (const tensor of file.tensors.values()) void tensor.data;
  return file;
}

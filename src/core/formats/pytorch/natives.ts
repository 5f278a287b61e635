// The PyTorch values the unpickler builds instead of running PyTorch: dtypes, storage classes, storages, tensors.
import { PyNative } from '../pickle/values';
import type { TorchDType } from './dtypes';

export class DTypeValue extends PyNative {
  constructor(readonly dtype: TorchDType) {
    super();
  }
  describe(): string {
    return `torch.${this.dtype.name}`;
  }
}

export class StorageClassValue extends PyNative {
  constructor(
    readonly className: string,
    readonly dtype: TorchDType,
  ) {
    super();
  }
  describe(): string {
    return `torch.${this.className}`;
  }
}

export class DeviceValue extends PyNative {
  constructor(readonly device: string) {
    super();
  }
  describe(): string {
    return `device '${this.device}'`;
  }
}

/** One storage: its key in the file, its dtype and declared element count; its bytes once they are located. */
export class TorchStorage extends PyNative {
  /** How many bytes its record holds: known from the file's layout before they are read. */
  byteLength = 0;
  private reader: ((from: number, to: number) => Uint8Array) | undefined;
  constructor(
    readonly key: string,
    readonly dtype: TorchDType,
    readonly numel: number,
    readonly location: string,
    /** Where its bytes are, for messages: `entry 'model/data/0'`, `storage '9402…' (byte 1234)`. */
    public where: string,
  ) {
    super();
  }
  describe(): string {
    return `${this.dtype.name} storage '${this.key}'`;
  }

  /** Where its bytes are (set by the serialization reader); they are read by read(), when values are decoded.
   * `read(from, to)` gives bytes [from, to) of the storage. */
  locate(byteLength: number, read: (from: number, to: number) => Uint8Array): void {
    this.byteLength = byteLength;
    this.reader = read;
  }

  get located(): boolean {
    return this.reader !== undefined;
  }

  /** Bytes [from, to) of the storage now (all of it by default): a view of the file in memory, or a read of that
   * range of the file, so a tensor that views part of a shared storage reads only its part. Not kept. */
  read(from = 0, to = this.byteLength): Uint8Array | undefined {
    return this.reader?.(from, to);
  }
}

/** A tensor as `_rebuild_tensor*` describes it: a strided view into a storage. */
export class TensorValue extends PyNative {
  constructor(
    readonly storage: TorchStorage,
    readonly dtype: TorchDType,
    readonly storageOffset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
    readonly requiresGrad: boolean,
    readonly isParameter: boolean,
    /** Byte offset of the REDUCE that built it, for messages. */
    readonly builtAt: number,
  ) {
    super();
  }
  describe(): string {
    return `${this.dtype.name} tensor [${this.shape.join(', ')}]`;
  }
  asParameter(requiresGrad: boolean): TensorValue {
    const { storage, dtype, storageOffset, shape, stride, builtAt } = this;
    return new TensorValue(storage, dtype, storageOffset, shape, stride, requiresGrad, true, builtAt);
  }
}

// The one entry point for PyTorch files: torch.save (zip or legacy), Lightning and other checkpoint dicts,
// pickled modules and TorchScript archives, read without running anything. Tensors are located and checked
// here; their values are decoded only when asked for.
import { InputError } from '../../errors';
import { elementCount } from '../elements';
import { isByteSource, memorySource, type ByteSource } from '../../io/byteSource';
import { assertSourceSize, maxBytesOf, type ReaderOptions } from '../limits';
import { checkpointMetadata, weightsPath } from './checkpoint-metadata';
import { looksLikeLegacyTorch, readLegacyStream } from './legacy-stream';
import type { TensorValue } from './natives';
import { canReadValues, elementsReached, readStrided } from './strided';
import { walkCheckpoint } from './tree';
import type { TorchCheckpoint, TorchTensor } from './types';
import { readTorchArchive, torchArchiveName } from './zip-archive';
import { listZipMembers } from '../zip';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/**
 * Stride-0 views (and many views of one storage) can describe far more elements than the file holds; all the
 * tensors together may describe at most this many per byte of file (honest files: at most one).
 */
const MAX_ELEMENTS_PER_FILE_BYTE = 4;
const MIN_ELEMENT_ALLOWANCE = 1 << 24;

/**
 * Whether the bytes are a PyTorch file: the legacy magic number, or a zip whose central directory lists a
 * `data.pkl` (an .npz or a Keras 3 archive does not). Reads only the central directory.
 */
export function looksLikeTorchFile(input: Uint8Array | ByteSource): boolean {
  const source = isByteSource(input) ? input : memorySource(input);
  const head = source.read(0, Math.min(source.size, 64));
  if (looksLikeLegacyTorch(head)) return true;
  if (!ZIP_MAGIC.every((b, i) => head[i] === b)) return false;
  try {
    return torchArchiveName(listZipMembers(source, '', Number.MAX_SAFE_INTEGER)) !== undefined;
  } catch {
    return false; // a broken zip: whichever reader takes it will say what is wrong
  }
}

/**
 * Reads a torch.save file. A zip is read by ranges (its directory, data.pkl, the small records; the storages when a
 * tensor's values are decoded); a legacy stream, whose storages follow its pickle, whole.
 */
export function readTorchCheckpoint(
  input: Uint8Array | ByteSource,
  file: string,
  options?: ReaderOptions,
): TorchCheckpoint {
  const source = isByteSource(input) ? input : memorySource(input);
  const size = source.size;
  assertSourceSize(size, file, options);
  const head = source.read(0, Math.min(size, 262));
  const isZip = ZIP_MAGIC.every((b, i) => head[i] === b);
  if (!isZip && size > 262 && new TextDecoder('latin1').decode(head.subarray(257, 262)) === 'ustar') {
    throw new InputError(
      file,
      'byte 257',
      'a PyTorch file in the tar format of PyTorch before 0.4, which is not read; load it and save it again with torch.save',
    );
  }
  const read = isZip
    ? readTorchArchive(source, file, maxBytesOf(options))
    : readLegacyStream(source.read(0, size), file);
  const serialization = read.serialization;
  const walked = walkCheckpoint(read.pickle.value, file);

  const allowance = Math.max(MIN_ELEMENT_ALLOWANCE, size * MAX_ELEMENTS_PER_FILE_BYTE);
  const tensors = new Map<string, TorchTensor>();
  const listedOnly = new Set<string>();
  let described = 0;
  for (const { name, value } of walked.tensors) {
    checkTensor(value, name, file, allowance - described);
    described += elementCount(value.shape) ?? 0;
    const tensor = torchTensor(value, name, file, read.littleEndian);
    if (!tensor.analysedAs) listedOnly.add(tensor.dtype);
    tensors.set(name, tensor);
  }

  const notes: string[] = [];
  if (serialization === 'torchscript') {
    if (tensors.size === 0) {
      throw new InputError(
        file,
        'zip archive',
        'is a TorchScript archive (torch.jit.save) whose parameters could not be found; save the weights instead with torch.save(model.state_dict(), "model.pt")',
      );
    }
    notes.push(
      'a TorchScript archive (torch.jit.save): its parameters are read from data.pkl and its code is ignored; torch.save(model.state_dict(), "model.pt") saves just the weights',
    );
  }
  if (listedOnly.size > 0) notes.push(`tensors of dtype ${[...listedOnly].join(', ')} are listed, not analysed`);

  return {
    file,
    serialization,
    ...optional('archiveName', read.archiveName),
    littleEndian: read.littleEndian,
    ...optional('version', read.version),
    pickleProtocol: read.pickle.protocol,
    tensors,
    root: walked.root,
    ...optional('weightsPath', weightsPath(walked.root, [...tensors.keys()])),
    metadata: checkpointMetadata(walked.root),
    placeholders: walked.placeholders,
    placeholderGlobals: [...read.pickle.placeholderGlobals].map(([name, byte]) => ({ name, byte })),
    notes,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/** The view must lie inside its storage, and not describe more elements than the file could justify. */
function checkTensor(t: TensorValue, name: string, file: string, allowance: number): void {
  const where = `tensor '${name}'`;
  const count = elementCount(t.shape);
  if (count === undefined || count > allowance) {
    throw new InputError(
      file,
      where,
      `shape [${t.shape.join(', ')}] describes ${count ?? 'too many'} elements, over the ${Math.max(0, allowance)} left of what this file's size allows (a stride-0 view?)`,
    );
  }
  // Compared in bytes: a _rebuild_tensor_v3 tensor views an untyped (byte) storage with its own dtype.
  const storage = t.storage;
  const available = Math.min(storage.byteLength, storage.numel * storage.dtype.size);
  const reached = elementsReached(t);
  if (reached * t.dtype.size > available) {
    throw new InputError(
      file,
      `${where} (${storage.where || `storage '${storage.key}'`})`,
      `offset ${t.storageOffset}, size [${t.shape.join(', ')}] and stride [${t.stride.join(', ')}] reach element ${reached - 1}, but the storage holds ${Math.floor(available / t.dtype.size)} ${t.dtype.name} elements`,
    );
  }
}

function torchTensor(t: TensorValue, name: string, file: string, littleEndian: boolean): TorchTensor {
  const storage = t.storage;
  return {
    name,
    dtype: t.dtype.name,
    ...(t.dtype.analysed ? { analysedAs: t.dtype.analysed } : {}),
    shape: t.shape,
    stride: t.stride,
    storageOffset: t.storageOffset,
    storageKey: storage.key,
    isParameter: t.isParameter,
    requiresGrad: t.requiresGrad,
    readable: canReadValues(t.dtype),
    // Only the bytes the view reaches, from its first element (strides are never negative): a tensor sharing a
    // storage with others (an LSTM saved from CUDA) reads its own part.
    values: () => {
      const from = t.storageOffset * t.dtype.size;
      const bytes = storage.read(from, Math.max(from, elementsReached(t) * t.dtype.size)) ?? new Uint8Array(0);
      const view = { dtype: t.dtype, storageOffset: 0, shape: t.shape, stride: t.stride };
      return readStrided(bytes, view, littleEndian, file, name);
    },
  };
}

// Picks the reader for a weights file by its name and first bytes. Only the first bytes are read to decide:
// a multi-gigabyte file costs a small read until a reader asks for a header or a tensor.
import { InputError } from '../errors';
import { isByteSource, memorySource, readHead, type ByteSource } from '../io/byteSource';
import { decodeUserText } from '../io/userText';
import type { TensorFile } from '../tensors';
import { DEFAULT_MAX_BYTES, formatBytes, MemoryBudget } from './limits';
import { readJsonWeights } from './json';
import { hdf5SignatureAt } from './hdf5/hdf5';
import { readKerasH5 } from './keras/h5';
import { looksLikeKerasArchive, readKerasArchive } from './keras/keras3';
import { readNpy } from './npy';
import { readNpz } from './npz';
import { readOnnx } from './onnx';
import { externalDataBeside } from './onnx/external-data';
import { listZipMembers } from './zip';
import { looksLikeLegacyTorch } from './pytorch/legacy-stream';
import { looksLikeTorchFile, readTorchCheckpoint, torchCheckpointToTensorFile } from './pytorch';
import { readSafetensors } from './safetensors';

export interface LoadOptions {
  /** Refuse files larger than this many bytes (the caller's setting). */
  maxBytes?: number;
  /** What decoding this file's tensors may allocate (default: a fresh budget of DEFAULT_MEMORY_BUDGET). */
  budget?: MemoryBudget;
}

/** What the format sniff looks at: the magic numbers and a JSON's first brace. A torch zip's storages may start
 * soon after, and are not read to list it. */
const FIRST_BYTES = 64;
/** Where an HDF5 signature may sit after a user block (512, 1024 … bytes in). */
const HDF5_SNIFF_BYTES = 64 * 1024;

export function loadTensorFile(file: string, input: Uint8Array | ByteSource, options: LoadOptions = {}): TensorFile {
  const source = isByteSource(input) ? input : memorySource(input);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const budget = options.budget ?? new MemoryBudget();
  if (source.size > maxBytes) {
    throw new InputError(
      file,
      '',
      `file is ${formatBytes(source.size)}, over the size limit of ${formatBytes(maxBytes)}`,
    );
  }
  const head = readHead(source, FIRST_BYTES);
  const lower = file.toLowerCase();
  const reader = { maxBytes, budget };
  if (lower.endsWith('.safetensors') || looksLikeSafetensors(head, source.size))
    return readSafetensors(source, file, reader);
  if (lower.endsWith('.npy') || startsWith(head, NPY_MAGIC)) return readNpy(source, file, reader);
  // A legacy torch.save stream: its storages follow its pickle, so it is read whole.
  if (looksLikeLegacyTorch(head)) {
    const checkpoint = readTorchCheckpoint(whole(source, file, budget), file, { maxBytes });
    return torchCheckpointToTensorFile(checkpoint, { lazy: true, budget });
  }
  // A torch.save zip is a zip too: tell it from an .npz by its directory (a data.pkl), whatever the file's name.
  if (startsWith(head, ZIP_MAGIC)) {
    // Named as a checkpoint, a zip without data.pkl is refused by the torch reader, which says what is missing. It
    // reads the archive by ranges: listing the tensors reads its directory and data.pkl, not its storages.
    if (looksLikeTorchFile(source) || isTorchName(lower)) {
      return torchCheckpointToTensorFile(readTorchCheckpoint(source, file, { maxBytes }), { lazy: true, budget });
    }
    const bytes = whole(source, file, budget);
    if (lower.endsWith('.keras') || looksLikeKerasArchive(listZipMembers(bytes, file, maxBytes)))
      return readKerasArchive(bytes, file, reader);
    return readNpz(bytes, file, reader);
  }
  if (hdf5SignatureAt(readHead(source, HDF5_SNIFF_BYTES)) >= 0 || lower.endsWith('.h5') || lower.endsWith('.hdf5'))
    return readKerasH5(whole(source, file, budget), file, budget);
  if (lower.endsWith('.keras')) return readKerasArchive(whole(source, file, budget), file, reader);
  if (lower.endsWith('.npz')) return readNpz(whole(source, file, budget), file, reader);
  if (lower.endsWith('.json') || lower.endsWith('.jsonc') || looksLikeJson(head)) {
    return readJsonWeights(decodeUserText(whole(source, file, budget), file), file);
  }
  // ONNX has no magic number (a protobuf message): it is told by its extension.
  if (lower.endsWith('.onnx')) {
    return readOnnx(whole(source, file, budget), file, { budget, readExternal: externalDataBeside(file, maxBytes) });
  }
  // A pickle named as a checkpoint: a legacy torch.save whose magic number is not pickled the usual way (protocol 2
  // and later open with PROTO, 0x80; protocols 0 and 1 write the number as a text LONG, 'L').
  if (isTorchName(lower) && (head[0] === PICKLE_PROTO || head[0] === PICKLE_TEXT_LONG)) {
    const checkpoint = readTorchCheckpoint(whole(source, file, budget), file, { maxBytes });
    return torchCheckpointToTensorFile(checkpoint, { lazy: true, budget });
  }
  throw new InputError(
    file,
    '',
    'unsupported weights file: expected .json, .safetensors, .npy, .npz, a PyTorch checkpoint (a torch.save zip or legacy stream), .onnx or a Keras file (.h5, .keras)',
  );
}

/** Formats read whole (a zip's directory is at its end; JSON is text): the bytes are charged to the budget. */
function whole(source: ByteSource, file: string, budget: MemoryBudget): Uint8Array {
  budget.charge(source.size, file, '', 'reading the whole file');
  return source.read(0, source.size);
}

/** What people name torch.save files (.bin: Hugging Face; .ckpt: Lightning; .tar: older examples). */
const TORCH_EXTENSIONS = ['.pt', '.pth', '.ckpt', '.bin', '.tar'];
const PICKLE_PROTO = 0x80;
const PICKLE_TEXT_LONG = 0x4c;

function isTorchName(lowerCaseName: string): boolean {
  return TORCH_EXTENSIONS.some((ext) => lowerCaseName.endsWith(ext));
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** An 8-byte length whose header fits in the file and opens with '{'. */
function looksLikeSafetensors(head: Uint8Array, fileLength: number): boolean {
  if (head.length < 10 || head[8] !== 0x7b) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return view.getUint32(4, true) === 0 && 8 + view.getUint32(0, true) <= fileLength;
}

function looksLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return c === 0x7b; // '{'
  }
  return false;
}

// Picks the reader for a weights file by its name and first bytes.
import { InputError } from '../errors';
import type { TensorFile } from '../tensors';
import { formatBytes } from './limits';
import { readJsonWeights } from './json';
import { readNpy } from './npy';
import { readNpz } from './npz';
import { readSafetensors } from './safetensors';

export interface LoadOptions {
  /** Refuse files larger than this many bytes (the caller's setting). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

export function loadTensorFile(file: string, bytes: Uint8Array, options: LoadOptions = {}): TensorFile {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new InputError(
      file,
      '',
      `file is ${formatBytes(bytes.byteLength)}, over the size limit of ${formatBytes(maxBytes)}`,
    );
  }
  const lower = file.toLowerCase();
  if (lower.endsWith('.safetensors') || looksLikeSafetensors(bytes)) return readSafetensors(bytes, file, { maxBytes });
  if (lower.endsWith('.npy') || startsWith(bytes, NPY_MAGIC)) return readNpy(bytes, file, { maxBytes });
  if (lower.endsWith('.npz') || startsWith(bytes, ZIP_MAGIC)) return readNpz(bytes, file, { maxBytes });
  if (lower.endsWith('.json') || lower.endsWith('.jsonc') || looksLikeJson(bytes)) {
    return readJsonWeights(new TextDecoder('utf-8').decode(bytes), file);
  }
  throw new InputError(file, '', 'unsupported weights file: expected .json, .safetensors, .npy or .npz');
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** An 8-byte length whose header fits in the file and opens with '{'. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(4, true) === 0 && 8 + view.getUint32(0, true) <= bytes.length;
}

function looksLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return c === 0x7b; // '{'
  }
  return false;
}

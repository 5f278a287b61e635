// Picks the reader for a weights file by its name and first bytes.
import { InputError } from '../errors';
import type { TensorFile } from '../tensors';
import { readJsonWeights } from './json';

export interface LoadOptions {
  /** Refuse files larger than this many bytes (the caller's setting). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

export function loadTensorFile(file: string, bytes: Uint8Array, options: LoadOptions = {}): TensorFile {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new InputError(file, '', `file is ${formatBytes(bytes.byteLength)}, over the size limit of ${formatBytes(maxBytes)}`);
  }
  const lower = file.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.jsonc') || looksLikeJson(bytes)) {
    return readJsonWeights(new TextDecoder('utf-8').decode(bytes), file);
  }
  throw new InputError(file, '', 'unsupported weights file: expected .json, .safetensors, .npy or .npz');
}

function looksLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return c === 0x7b; // '{'
  }
  return false;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

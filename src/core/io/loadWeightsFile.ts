// A weights file on disk → its tensors, through the one read path: a regular file within the size limit, its
// header read first, its tensors decoded when used within the request's memory budget.
import { DEFAULT_MAX_BYTES, DEFAULT_MEMORY_BUDGET, MemoryBudget } from '../formats/limits';
import { loadTensorFile } from '../formats/load';
import type { TensorFile } from '../tensors';
import { userFileSource } from './readFile';

/** The limits one request reads under: the editor's settings, the CLI's defaults. Plain data, for messages. */
export interface ReadLimits {
  /** Largest file read, in bytes (default DEFAULT_MAX_BYTES). */
  readonly maxBytes?: number;
  /** Largest memory decoding may allocate, in bytes (default DEFAULT_MEMORY_BUDGET). */
  readonly memoryBudget?: number;
}

export function loadWeightsFile(file: string, limits: ReadLimits = {}): TensorFile {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const budget = new MemoryBudget(limits.memoryBudget ?? DEFAULT_MEMORY_BUDGET);
  return loadTensorFile(file, userFileSource(file, maxBytes), { maxBytes, budget });
}

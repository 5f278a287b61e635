// The PyTorch fixtures (written by scripts/fixtures/pytorch.py) and what torch itself read back from them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  PyBytes,
  PyComplex,
  PyDict,
  PyList,
  PySet,
  PySlice,
  PyTuple,
  type PyValue,
} from '../../../../src/core/formats/pickle/values';

// Compiled to out/test/unit/formats/pytorch/: five levels below the repository root.
export const PYTORCH_FIXTURES = resolve(__dirname, '../../../../../test/fixtures/pytorch');

export interface ExpectedTorchTensor {
  dtype: string;
  shape: number[];
  stride: number[];
  storage_offset: number;
  values?: number[];
}

export interface ExpectedTorchFile {
  serialization: 'zip' | 'legacy' | 'torchscript';
  tensors: Record<string, ExpectedTorchTensor>;
  shared: string[][];
  metadata?: Record<string, number | string>;
  weightsPath?: string;
}

export interface ExpectedTorch {
  files: Record<string, ExpectedTorchFile>;
  hostile: Record<string, { globals: string[]; tensors?: Record<string, ExpectedTorchTensor> }>;
  /** The plain pickles of every protocol, and the one value Python reads back from each. */
  pickles: { files: string[]; value: unknown };
}

let cached: ExpectedTorch | undefined;
export function expectedTorch(): ExpectedTorch {
  cached ??= JSON.parse(readFileSync(join(PYTORCH_FIXTURES, 'expected.json'), 'utf8')) as ExpectedTorch;
  return cached;
}

export function torchFixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(PYTORCH_FIXTURES, rel)));
}

/** The same JSON form the generator writes from Python's own unpickled value (its `tagged`). */
export function tagged(v: PyValue): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return { num: v };
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'string') return { str: v };
  if (v instanceof PyBytes) return { bytes: Buffer.from(v.bytes).toString('hex') };
  if (v instanceof PyComplex) return { complex: [v.real, v.imag] };
  if (v instanceof PyList) return { list: v.items.map(tagged) };
  if (v instanceof PyTuple) return { tuple: v.items.map(tagged) };
  if (v instanceof PySet) return { set: v.items.map(tagged).sort(byPythonJson) };
  if (v instanceof PySlice) return { slice: [tagged(v.start), tagged(v.stop), tagged(v.step)] };
  if (v instanceof PyDict) return { dict: [...v.entries.values()].map((e) => [tagged(e.key), tagged(e.value)]) };
  return { unexpected: String(v) };
}

/** Python sorts the set's items by json.dumps (", " and ": " separators); the same order here. */
function byPythonJson(a: unknown, b: unknown): number {
  const dumps = (x: unknown): string => JSON.stringify(x).replace(/,/g, ', ').replace(/:/g, ': ');
  const [x, y] = [dumps(a), dumps(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

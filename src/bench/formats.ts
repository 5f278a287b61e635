// Reading speed of the weight formats: a 1024×1024 F32 safetensors file and the same matrix as JSON.
// Writes both files into `dir` (so the caller can time numpy.load on the very same files) and times
// read-from-disk + decode, median of a few runs. Targets: safetensors < 100 ms, JSON < 1.5 s.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWeightsFile } from '../core/io/loadWeightsFile';
import { medianMs } from './median';

export interface FormatBenchResult {
  readonly n: number;
  readonly safetensorsMs: number;
  readonly jsonMs: number;
  readonly targetsMs: { readonly safetensors: number; readonly json: number };
  /** The files timed, for numpy.load / json.load beside them. */
  readonly files: { readonly safetensors: string; readonly json: string };
}

export const FORMAT_TARGETS_MS = { safetensors: 100, json: 1500 } as const;

export function benchFormats(dir: string, n = 1024, repeat = 5): FormatBenchResult {
  const values = benchMatrix(n);
  const files = { safetensors: join(dir, `W_hh-${n}.safetensors`), json: join(dir, `W_hh-${n}.json`) };
  writeFileSync(files.safetensors, safetensorsBytes('W_hh', values, n));
  writeFileSync(files.json, jsonText('W_hh', values, n));
  const time = (path: string): number =>
    medianMs(() => {
      const file = loadWeightsFile(path); // the read path the CLI and the workers use
      if (file.tensors.get('W_hh')?.data.length !== n * n) throw new Error(`${path}: W_hh was not read whole`);
    }, repeat);
  return { n, safetensorsMs: time(files.safetensors), jsonMs: time(files.json), targetsMs: FORMAT_TARGETS_MS, files };
}

/** Float32-representable values in [-1, 1) from a fixed LCG, so JSON and safetensors hold identical numbers. */
function benchMatrix(n: number): Float32Array {
  const out = new Float32Array(n * n);
  let state = 12345;
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

function safetensorsBytes(name: string, values: Float32Array, n: number): Uint8Array {
  return safetensorsFile([{ name, shape: [n, n], values }]);
}

/** A safetensors file of F32 tensors, in the order given. */
export function safetensorsFile(
  tensors: readonly { name: string; shape: number[]; values: Float32Array }[],
): Uint8Array {
  const entries: [string, unknown][] = [];
  let offset = 0;
  for (const t of tensors) {
    entries.push([t.name, { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.values.byteLength] }]);
    offset += t.values.byteLength;
  }
  let header = JSON.stringify(Object.fromEntries(entries));
  header += ' '.repeat((8 - (header.length % 8)) % 8);
  const bytes = new Uint8Array(8 + header.length + offset);
  new DataView(bytes.buffer).setUint32(0, header.length, true);
  bytes.set(new TextEncoder().encode(header), 8);
  let at = 8 + header.length;
  for (const t of tensors) {
    bytes.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at);
    at += t.values.byteLength;
  }
  return bytes;
}

function jsonText(name: string, values: Float32Array, n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(`[${Array.from(values.subarray(i * n, (i + 1) * n)).join(',')}]`);
  return `{"${name}":[${rows.join(',\n')}]}`;
}

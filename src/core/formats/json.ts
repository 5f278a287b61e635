// Reads weights written as JSON — our format (`{"cell", "activation", "W_hh", ...}`) or a PyTorch/Keras
// state_dict dumped with `{k: v.tolist()}` — into named float64 tensors. Every problem names the JSON path.
import { InputError } from '../errors';
import { CELL_KEY, isMetadataKey, isNonFiniteWord, OURS } from '../model/naming';
import type { Tensor, TensorFile } from '../tensors';
import { assertNestingWithin } from './nesting';
import { lineColumn } from './text-position';

export { lineColumn } from './text-position';

export function readJsonWeights(text: string, file: string): TensorFile {
  const root = parseJson(text, file);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new InputError(file, '$', `expected a JSON object of named tensors, found ${describe(root)}`);
  }
  const tensors = new Map<string, Tensor>();
  // No prototype: a key the file calls "toString" or "constructor" finds nothing it did not write.
  const metadata: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(root as Record<string, unknown>)) {
    const path = jsonMemberPath(key);
    // Settings are not tensors even when they hold arrays; bare numbers are never tensors either.
    if (Array.isArray(value) && !isMetadataKey(key)) {
      tensors.set(key, toTensor(value, key, path, file));
    } else if (typeof value === 'string' && isNonFiniteWord(value)) {
      throw new InputError(file, path, `"${value}" is not a finite number (NaN and Infinity are not valid weights)`);
    } else {
      // defineProperty, not assignment: a key "__proto__" from the file stays a plain entry.
      Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  if (tensors.size === 0) throw new InputError(file, '$', 'no tensors found: this JSON is not an RNN weights file');
  const ours = [...tensors.keys()].some((name) => OURS.parse(name)?.role === 'recurrent');
  const format = ours || Object.hasOwn(metadata, CELL_KEY) ? 'json-model' : 'json-state-dict';
  return { file, format, tensors, metadata };
}

function parseJson(text: string, file: string): unknown {
  assertNestingWithin(text, file, 'json');
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const { line, column } = lineColumn(text, Number(position[1]));
      where = `line ${line}, column ${column}`;
    }
    throw new InputError(file, where, `malformed JSON: ${message.replace(/\s*in JSON at position \d+.*$/, '')}`);
  }
}

/** The JSONPath of a top-level member: `$.W_hh`, or `$["rnn.weight_hh_l0"]` when the key is not an identifier. */
export function jsonMemberPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `$.${key}` : `$[${JSON.stringify(key)}]`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Nested arrays of numbers → a tensor; the shape comes from the first element at each depth. */
function toTensor(value: unknown, name: string, path: string, file: string): Tensor {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (shape.includes(0)) throw new InputError(file, path, `empty tensor (shape [${shape.join(', ')}])`);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let next = 0;
  const walk = (v: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v))
          throw new InputError(file, at, 'number overflows float64 (Infinity is not a valid weight)');
        data[next++] = v;
        return;
      }
      if (typeof v === 'string' && isNonFiniteWord(v)) {
        throw new InputError(file, at, `"${v}" is not a finite number (NaN and Infinity are not valid weights)`);
      }
      if (Array.isArray(v))
        throw new InputError(
          file,
          at,
          `ragged tensor: expected a number here (shape [${shape.join(', ')}]), found an array`,
        );
      throw new InputError(
        file,
        at,
        `expected a number, found ${describe(v)}${typeof v === 'string' ? ` "${v}"` : ''}`,
      );
    }
    if (!Array.isArray(v)) {
      throw new InputError(
        file,
        at,
        `ragged tensor: expected an array of ${shape[depth]} entries (shape [${shape.join(', ')}]), found ${describe(v)}`,
      );
    }
    if (v.length !== shape[depth]) {
      throw new InputError(
        file,
        at,
        `ragged tensor: ${v.length} entries where the first ${depth === 0 ? 'dimension' : 'row'} has ${shape[depth]} (shape [${shape.join(', ')}])`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${at}[${i}]`);
  };
  walk(value, 0, path);
  return { name, shape, dtype: 'json', data };
}

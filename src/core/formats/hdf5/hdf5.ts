// Reading HDF5 with jsfive (pure JavaScript, synchronous, from an ArrayBuffer: the same code runs in a Node worker
// thread and a web worker, with no WebAssembly to load and no virtual file system to copy the file into).
// Guarded here: every jsfive call is wrapped so that whatever it throws becomes an InputError naming the HDF5
// path; a dataset's declared size is checked against the file and charged to the memory budget before jsfive
// materialises it; attributes are read as own keys only.
import { Dataset, File, Group } from 'jsfive';
import { InputError } from '../../errors';
import type { MemoryBudget } from '../limits';
import { checkSuperblock } from './superblock';

export { hdf5SignatureAt } from './superblock';

export interface Hdf5Node {
  readonly path: string;
  readonly group: Group;
}

/** Float types Keras stores weights in, as jsfive names them. */
const FLOAT_DTYPES = new Map<string, 'F32' | 'F64'>([
  ['<f4', 'F32'],
  ['>f4', 'F32'],
  ['<f8', 'F64'],
  ['>f8', 'F64'],
]);

export class Hdf5Reader {
  readonly root: Hdf5Node;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    private readonly budget: MemoryBudget,
  ) {
    // The superblock is checked first, so that a damaged one is refused by its byte before jsfive follows it.
    const superblock = checkSuperblock(bytes, file);
    // jsfive reads the superblock at its byte 0 and every address from there: the file from its base address on
    // (past a user block).
    const start = bytes.byteOffset + superblock.base;
    const buffer = bytes.buffer.slice(start, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const group = this.guard(
      'superblock',
      () => new File(buffer, file),
      'the HDF5 superblock is corrupt or unsupported',
    );
    this.root = { path: '/', group };
  }

  /** The group at `path` below `node`, or undefined when there is none (a dataset there is an error). */
  group(node: Hdf5Node, name: string): Hdf5Node | undefined {
    const path = join(node.path, name);
    const child = this.child(node, name, path);
    if (child === undefined) return undefined;
    if (!(child instanceof Group))
      throw new InputError(this.file, `HDF5 path ${path}`, 'expected a group, found a dataset');
    return { path, group: child };
  }

  /** Names of the members of a group. */
  keys(node: Hdf5Node): string[] {
    const keys = this.guard(node.path, () => node.group.keys);
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  }

  /** An attribute the object itself holds (never an inherited property). */
  attribute(node: Hdf5Node, name: string): unknown {
    const attrs = this.guard(node.path, () => node.group.attrs);
    return attrs && Object.hasOwn(attrs, name) ? attrs[name] : undefined;
  }

  /** A text attribute (a string, or a one-element array of one), without HDF5's NUL padding. */
  textAttribute(node: Hdf5Node, name: string): string | undefined {
    let value = this.attribute(node, name);
    if (Array.isArray(value) && value.length === 1) value = value[0];
    return typeof value === 'string' ? stripNul(value) : undefined;
  }

  /** A list of names, stored as one attribute or split as name0, name1 … (Keras' form for long lists). */
  nameList(node: Hdf5Node, name: string): string[] | undefined {
    const whole = this.attribute(node, name);
    if (whole !== undefined) return this.strings(node, name, whole);
    const names: string[] = [];
    for (let i = 0; ; i++) {
      const part = this.attribute(node, `${name}${i}`);
      if (part === undefined) return i === 0 ? undefined : names;
      names.push(...this.strings(node, `${name}${i}`, part));
    }
  }

  /** The float dataset at `name` below `node` as float64, or undefined when there is none or it holds no floats. */
  floatDataset(
    node: Hdf5Node,
    name: string,
  ): { path: string; shape: number[]; dtype: 'F32' | 'F64'; data: Float64Array } | undefined {
    const path = join(node.path, name);
    const child = this.child(node, name, path);
    if (child === undefined) return undefined;
    if (!(child instanceof Dataset))
      throw new InputError(this.file, `HDF5 path ${path}`, 'expected a dataset, found a group');
    const where = `HDF5 path ${path}`;
    const shape = this.guard(path, () => child.shape);
    const dtype = this.guard(path, () => child.dtype);
    const kind = typeof dtype === 'string' ? FLOAT_DTYPES.get(dtype) : undefined;
    if (kind === undefined) return undefined;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw new InputError(this.file, where, 'the dataset has no valid shape');
    const count = shape.reduce((a, d) => a * d, 1);
    const stored = count * (kind === 'F32' ? 4 : 8);
    if (!Number.isSafeInteger(count) || stored > this.bytes.length)
      throw new InputError(this.file, where, `shape [${shape.join(', ')}] needs more bytes than the file holds`);
    this.budget.charge(count * 8 + stored, this.file, where, 'decoding the dataset');
    const values = this.guard(path, () => child.value);
    if (!values || typeof values.length !== 'number' || values.length !== count)
      throw new InputError(this.file, where, `the dataset's values do not match its shape [${shape.join(', ')}]`);
    const data = Float64Array.from(values as ArrayLike<number>);
    this.budget.refund(stored);
    return { path, shape, dtype: kind, data };
  }

  private child(node: Hdf5Node, name: string, path: string): Group | Dataset | undefined {
    const child = this.guard(path, () => (this.keys(node).includes(name.split('/')[0]) ? node.group.get(name) : null));
    return child ?? undefined;
  }

  private strings(node: Hdf5Node, name: string, value: unknown): string[] {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === 'string'))
      throw new InputError(this.file, `HDF5 path ${node.path} attribute ${name}`, 'expected a list of names');
    return (list as string[]).map(stripNul);
  }

  /** Runs a jsfive call; anything it throws (a RangeError past the buffer, its own errors) names the HDF5 path. */
  private guard<T>(path: string, read: () => T, problem?: string): T {
    try {
      return quietly(read);
    } catch (e) {
      if (e instanceof InputError) throw e;
      const detail = e instanceof Error ? e.message : String(e);
      // jsfive throws Errors, strings and anything else: every one becomes the file, the place and what it said.
      const where = path === 'superblock' ? 'HDF5 superblock' : `HDF5 path ${path}`;
      throw new InputError(this.file, where, `${problem ?? 'cannot be read (corrupt or unsupported HDF5)'}: ${detail}`);
    }
  }
}

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

function stripNul(text: string): string {
  const end = text.indexOf('\0');
  return end < 0 ? text : text.slice(0, end);
}

/** Runs a jsfive call with its console notes ("type not implemented, set to null") kept off the user's terminal:
 * what matters reaches the user as an InputError. The call is synchronous, so nothing else logs meanwhile. */
function quietly<T>(read: () => T): T {
  const { log, warn } = console;
  console.log = console.warn = () => undefined;
  try {
    return read();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

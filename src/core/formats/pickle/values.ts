// What the restricted unpickler builds: inert data. Nothing here can run code; dict keys live in Maps.

/** A value another module (e.g. the PyTorch reader) gives the unpickler: storages, tensors, dtypes. */
export abstract class PyNative {
  /** A short description for messages and the checkpoint tree: `torch.float32`, `FloatStorage '0'`. */
  abstract describe(): string;
}

/** A global that is not on the allow-list: kept by name, never looked up. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get fullName(): string {
    return `${this.module}.${this.name}`;
  }
}

/**
 * An object built from a global that is not allowed (a REDUCE, NEWOBJ, INST or OBJ): its class name and its
 * arguments as data, plus what later opcodes gave it (BUILD state, appended items, set items).
 */
export class PyObject {
  state: PyValue | undefined;
  readonly listItems: PyValue[] = [];
  readonly dictItems = new PyDict();
  constructor(
    readonly className: string,
    readonly args: readonly PyValue[],
    readonly kwargs: PyValue | undefined,
  ) {}
}

export class PyList {
  constructor(readonly items: PyValue[] = []) {}
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export class PySet {
  constructor(
    readonly items: PyValue[],
    readonly frozen: boolean,
  ) {}
}

export class PyBytes {
  constructor(readonly bytes: Uint8Array) {}
}

export class PyComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

export class PySlice {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {}
}

/** A Python dict (plain, OrderedDict or an argparse.Namespace's attributes), insertion-ordered. */
export class PyDict {
  /** Keyed by dictKey(key) so that equal Python keys collide; the original key object is kept. */
  readonly entries = new Map<unknown, { key: PyValue; value: PyValue }>();
  /** BUILD state given to an OrderedDict (a state_dict's `_metadata`). */
  attributes: PyValue | undefined;
  constructor(readonly className = 'dict') {}

  set(key: PyValue, value: PyValue): void {
    const k = dictKey(key);
    const existing = this.entries.get(k);
    if (existing) existing.value = value;
    else this.entries.set(k, { key, value });
  }

  get(key: string): PyValue | undefined {
    return this.entries.get(key)?.value;
  }
}

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyBytes
  | PyList
  | PyTuple
  | PySet
  | PyDict
  | PyComplex
  | PySlice
  | PyGlobal
  | PyObject
  | PyNative
  | PyCallable;

/** An allowed global that can be called (REDUCE) or instantiated (NEWOBJ); `at` is the opcode's byte offset. */
export class PyCallable {
  constructor(
    readonly fullName: string,
    readonly call: (args: readonly PyValue[], at: number) => PyValue,
  ) {}
}

/** Python compares 1 == 1.0 == True; strings, numbers and bigints collide as Python's would (near enough). */
function dictKey(key: PyValue): unknown {
  if (typeof key === 'boolean') return key ? 1 : 0;
  if (typeof key === 'bigint' && key >= BigInt(Number.MIN_SAFE_INTEGER) && key <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(key);
  return key;
}

/** A name for the kind of a value, for messages: 'a str', 'an int', 'a posix.system object'. */
export function kindOf(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return 'a bool';
  if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
  if (typeof v === 'string') return 'a str';
  if (v instanceof PyBytes) return 'bytes';
  if (v instanceof PyList) return 'a list';
  if (v instanceof PyTuple) return 'a tuple';
  if (v instanceof PySet) return 'a set';
  if (v instanceof PyDict) return `a ${v.className}`;
  if (v instanceof PyObject) return `a ${v.className} object`;
  if (v instanceof PyGlobal) return `the global ${v.fullName}`;
  if (v instanceof PyCallable) return `the global ${v.fullName}`;
  if (v instanceof PyNative) return v.describe();
  return 'a value';
}

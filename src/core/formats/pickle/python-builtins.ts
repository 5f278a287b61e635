// The Python (not PyTorch) globals a checkpoint may use, as inert rules: containers, bytes, numbers, namespaces.
// Modelled on the allow-list of PyTorch's weights-only unpickler; each rule builds data, none runs anything.
import { PickleCallError } from './unpickler';
import {
  kindOf,
  PyBytes,
  PyCallable,
  PyComplex,
  PyDict,
  PyGlobal,
  PyList,
  PyObject,
  PySet,
  PySlice,
  PyTuple,
  type PyValue,
} from './values';

function iterableItems(v: PyValue | undefined, what: string): PyValue[] {
  if (v === undefined) return [];
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) return [...v.items];
  if (v instanceof PyDict) return [...v.entries.values()].map((e) => e.key);
  if (typeof v === 'string') return [...v];
  throw new PickleCallError(`${what} needs a list, tuple or set, found ${kindOf(v)}`);
}

const LATIN1 = new Set(['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1']);
const UTF8 = new Set(['utf-8', 'utf8', 'ascii']);

/** `_codecs.encode(text, 'latin1')`: how protocol 2 stores Python 3 bytes. */
function encode(args: readonly PyValue[]): PyValue {
  const [text, encoding = 'utf-8'] = args;
  if (typeof text !== 'string' || typeof encoding !== 'string')
    throw new PickleCallError('needs a str and an encoding name');
  const e = encoding.toLowerCase();
  if (LATIN1.has(e)) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) throw new PickleCallError(`character U+${c.toString(16)} has no Latin-1 byte`);
      out[i] = c;
    }
    return new PyBytes(out);
  }
  if (UTF8.has(e)) return new PyBytes(new TextEncoder().encode(text));
  return new PyObject('_codecs.encode', args, undefined);
}

function bytearray(args: readonly PyValue[]): PyValue {
  const [source, encoding] = args;
  if (source === undefined) return new PyBytes(new Uint8Array(0));
  if (source instanceof PyBytes) return new PyBytes(source.bytes.slice());
  if (typeof source === 'string') return encode([source, encoding ?? 'utf-8']);
  // bytearray(n) would allocate n bytes from a number in the file: kept as data instead
  return new PyObject('builtins.bytearray', args, undefined);
}

function complex(args: readonly PyValue[]): PyValue {
  const [re = 0, im = 0] = args;
  if (typeof re !== 'number' || typeof im !== 'number') return new PyObject('builtins.complex', args, undefined);
  return new PyComplex(re, im);
}

function orderedDict(args: readonly PyValue[]): PyValue {
  const d = new PyDict('collections.OrderedDict');
  for (const pair of iterableItems(args[0], 'OrderedDict')) {
    if (!(pair instanceof PyTuple || pair instanceof PyList) || pair.items.length !== 2)
      throw new PickleCallError('OrderedDict needs (key, value) pairs');
    d.set(pair.items[0], pair.items[1]);
  }
  return d;
}

/** `copyreg._reconstructor(cls, base, state)`: protocol 0/1's way to make an instance; named after `cls`. */
function reconstructor(args: readonly PyValue[]): PyValue {
  const [cls, , state] = args;
  if (cls instanceof PyCallable) return cls.call(state === undefined || state === null ? [] : [state], -1);
  if (cls instanceof PyGlobal) return new PyObject(cls.fullName, args.slice(2), undefined);
  return new PyObject('copyreg._reconstructor', args, undefined);
}

const RULES: ReadonlyMap<string, (args: readonly PyValue[]) => PyValue> = new Map<
  string,
  (args: readonly PyValue[]) => PyValue
>([
  ['collections.OrderedDict', orderedDict],
  ['builtins.set', (a) => new PySet(iterableItems(a[0], 'set'), false)],
  ['builtins.frozenset', (a) => new PySet(iterableItems(a[0], 'frozenset'), true)],
  ['builtins.bytearray', bytearray],
  ['builtins.bytes', bytearray],
  ['builtins.complex', complex],
  ['builtins.slice', (a) => new PySlice(a[0] ?? null, a[1] ?? null, a[2] ?? null)],
  ['_codecs.encode', encode],
  ['argparse.Namespace', () => new PyDict('argparse.Namespace')],
  ['copyreg._reconstructor', reconstructor],
]);

/** The allowed Python builtins as callables, or undefined for any other global. */
export function pythonBuiltin(module: string, name: string): PyCallable | undefined {
  const fullName = `${module}.${name}`;
  const rule = RULES.get(fullName);
  return rule ? new PyCallable(fullName, rule) : undefined;
}

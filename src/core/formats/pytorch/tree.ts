// From the unpickled value to the checkpoint tree: every tensor gets the dotted path where it sits (dict keys,
// list indices, attribute names), objects shared or cyclic are shown once, placeholders are listed with their
// place. A pickled nn.Module's `_parameters`, `_buffers` and `_modules` add no path component, so its tensors
// get the names its state_dict() would give.
import { InputError } from '../../errors';
import {
  PyBytes,
  PyCallable,
  PyComplex,
  PyDict,
  PyGlobal,
  PyList,
  PyNative,
  PyObject,
  PySet,
  PySlice,
  PyTuple,
  type PyValue,
} from '../pickle/values';
import { TensorValue } from './natives';
import type { CheckpointEntry, CheckpointNode, Placeholder } from './types';

/** Far beyond any honest checkpoint (a pickled module nests three levels per submodule). */
export const MAX_TREE_DEPTH = 500;
const MODULE_CONTAINERS = new Set(['_parameters', '_buffers', '_modules']);
/** The name of a tensor saved on its own (`torch.save(tensor)`). */
export const ROOT_TENSOR_NAME = 'tensor';

export interface FoundTensor {
  readonly name: string;
  readonly value: TensorValue;
}

export interface WalkResult {
  readonly root: CheckpointNode;
  readonly tensors: readonly FoundTensor[];
  readonly placeholders: readonly Placeholder[];
}

/** Tuple keys nest; past this depth their text is elided (a hostile key could nest as deep as the file is long). */
const MAX_KEY_DEPTH = 8;

export function keyText(key: PyValue, depth = 0): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'bigint') return String(key);
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  if (key === null) return 'None';
  if (key instanceof PyTuple)
    return depth >= MAX_KEY_DEPTH ? '(…)' : `(${key.items.map((k) => keyText(k, depth + 1)).join(', ')})`;
  if (key instanceof PyBytes) return `b'${new TextDecoder('latin1').decode(key.bytes.subarray(0, 64))}'`;
  return describeOther(key);
}

function describeOther(v: PyValue): string {
  if (v instanceof PyNative) return v.describe();
  if (v instanceof PyComplex) return `complex(${v.real}, ${v.imag})`;
  if (v instanceof PySlice)
    return `slice(${[v.start, v.stop, v.step].map((k) => keyText(k, MAX_KEY_DEPTH)).join(', ')})`;
  if (v instanceof PyCallable) return v.fullName;
  return 'a value';
}

const join = (path: string, component: string): string => (path ? `${path}.${component}` : component);

export function walkCheckpoint(value: PyValue, file: string): WalkResult {
  const tensors: FoundTensor[] = [];
  const names = new Set<string>();
  const placeholders: Placeholder[] = [];
  const seen = new Map<object, string>();

  const addTensor = (path: string, t: TensorValue): CheckpointNode => {
    let name = path || ROOT_TENSOR_NAME;
    // Two different places can spell the same dotted name (`a.b` as one key, or a → b); the second is marked.
    for (let n = 2; names.has(name); n++) name = `${path || ROOT_TENSOR_NAME}#${n}`;
    names.add(name);
    tensors.push({ name, value: t });
    return { kind: 'tensor', name };
  };

  const entriesOf = (dict: PyDict, path: string, depth: number, isModule: boolean): CheckpointEntry[] => {
    const all = [...dict.entries.values()].map(({ key, value: v }) => ({ key: keyText(key), value: v }));
    const nodes = new Map<number, CheckpointNode>();
    // A module's own parameters are walked first, so that they, not an alias list such as an RNN's
    // `_flat_weights`, give each tensor its name.
    const order = all.map((_, i) => i);
    if (isModule) order.sort((a, b) => rank(all[a].key) - rank(all[b].key));
    for (const i of order) {
      const { key, value: v } = all[i];
      const childPath = isModule && MODULE_CONTAINERS.has(key) ? path : join(path, key);
      // A dict entry names its tensor even when another entry holds the same object (torch.load gives both keys);
      // an object's attribute that only aliases a parameter does not.
      nodes.set(i, walk(v, childPath, depth + 1, !isModule || MODULE_CONTAINERS.has(key)));
    }
    return all.map(({ key }, i) => ({ key, node: nodes.get(i) as CheckpointNode }));
  };
  const rank = (key: string): number => (MODULE_CONTAINERS.has(key) ? 0 : 1);

  const walk = (v: PyValue, path: string, depth: number, namesAliases = false): CheckpointNode => {
    if (depth > MAX_TREE_DEPTH)
      throw new InputError(file, `at '${path}'`, `the checkpoint nests deeper than ${MAX_TREE_DEPTH} levels`);
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
      return { kind: 'value', value: v };
    if (typeof v === 'bigint') return { kind: 'int', value: v.toString() };
    if (v instanceof TensorValue) {
      // The same tensor object again, reached other than by a dict key, is an alias (such as an RNN module's
      // `_flat_weights` list of its own parameters), not another tensor.
      const earlier = seen.get(v);
      if (earlier !== undefined && !namesAliases) return { kind: 'seen', path: earlier };
      if (earlier === undefined) seen.set(v, path || ROOT_TENSOR_NAME);
      return addTensor(path, v);
    }
    if (v instanceof PyBytes) return { kind: 'bytes', length: v.bytes.length };
    if (v instanceof PyGlobal) {
      placeholders.push({ className: v.fullName, path });
      return { kind: 'global', name: v.fullName };
    }
    const container =
      v instanceof PyDict || v instanceof PyList || v instanceof PyTuple || v instanceof PySet || v instanceof PyObject;
    if (!container) return { kind: 'other', text: describeOther(v) };
    const earlier = seen.get(v);
    if (earlier !== undefined) return { kind: 'seen', path: earlier };
    seen.set(v, path);
    if (v instanceof PyDict) return { kind: 'dict', className: v.className, entries: entriesOf(v, path, depth, false) };
    if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) {
      const kind = v instanceof PyList ? 'list' : v instanceof PyTuple ? 'tuple' : 'set';
      return { kind, items: v.items.map((item, i) => walk(item, join(path, String(i)), depth + 1)) };
    }
    return walkObject(v, path, depth);
  };

  const walkObject = (o: PyObject, path: string, depth: number): CheckpointNode => {
    placeholders.push({ className: o.className, path });
    const args = o.args.map((a, i) => walk(a, join(path, `args.${i}`), depth + 1));
    // BUILD state is a dict of attributes, or (dict, slots)
    const attributes = o.state instanceof PyTuple && o.state.items[0] instanceof PyDict ? o.state.items[0] : o.state;
    let state: CheckpointNode | undefined;
    if (attributes instanceof PyDict && !seen.has(attributes)) {
      seen.set(attributes, path);
      const isModule = attributes.entries.has('_parameters') || attributes.entries.has('_modules');
      state = { kind: 'dict', className: 'attributes', entries: entriesOf(attributes, path, depth, isModule) };
    } else if (o.state !== undefined) {
      state = walk(o.state, join(path, 'state'), depth + 1);
    }
    const items = o.listItems.map((item, i) => walk(item, join(path, String(i)), depth + 1));
    const entries = entriesOf(o.dictItems, path, depth, false);
    return {
      kind: 'object',
      className: o.className,
      args,
      ...(state ? { state } : {}),
      ...(items.length ? { items } : {}),
      ...(entries.length ? { entries } : {}),
    };
  };

  const root = walk(value, '', 0);
  return { root, tensors, placeholders };
}

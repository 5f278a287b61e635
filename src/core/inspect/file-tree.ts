// The inspector's tree of a weights file: where each tensor sits (a PyTorch checkpoint's dicts, lists and objects,
// a Keras file's model_weights › layer › weight, an ONNX graph's recurrent nodes, a flat file's names grouped by
// their dotted prefix), what the file says about itself, and the globals kept as data and never executed.
// Pure data for the page; tensor leaves name the inspector's rows, whose shape, dtype and statistics they show.
// Files are hostile: keys are only ever labels (never used to index an object), and the tree is bounded in depth,
// children per node and nodes in all, what is left out said as "… N more".
import { fmt } from '../format-number';
import type { OnnxSummary } from '../formats/onnx';
import { checkpointMetadata } from '../formats/pytorch/checkpoint-metadata';
import type { CheckpointSummary } from '../formats/pytorch/checkpoint-summary';
import type { CheckpointEntry, CheckpointNode } from '../formats/pytorch/types';
import type { TensorFile } from '../tensors';

export type FileTreeNode =
  | {
      readonly kind: 'group';
      readonly label: string;
      /** What the container is when it is not a plain dict: OrderedDict, list, tuple … */
      readonly note?: string;
      /** A group we made of names sharing a dotted prefix (`module.rnn` of `module.rnn.weight_hh_l0`), not a
       * container of the file: its label and a child's join with '.' into the file's own key. */
      readonly prefix?: boolean;
      /** The file's own account of itself (its metadata) or of what it asked to run (its placeholders). */
      readonly section?: 'metadata' | 'placeholders';
      readonly children: readonly FileTreeNode[];
    }
  /** A tensor: `tensor` is its name in the inspector's rows; `listed` for one that is listed only (integers). */
  | {
      readonly kind: 'tensor';
      readonly label: string;
      readonly tensor: string;
      readonly listed?: { readonly dtype: string; readonly shape: readonly number[] };
    }
  | { readonly kind: 'value'; readonly label: string; readonly text: string }
  /** An object of a global that is not allowed (or a reference to one): its `module.qualname`, kept as data. */
  | {
      readonly kind: 'placeholder';
      readonly label: string;
      readonly className: string;
      readonly children: readonly FileTreeNode[];
    }
  /** What the bounds left out here. */
  | { readonly kind: 'more'; readonly count: number };

type ObjectNode = Extract<CheckpointNode, { kind: 'object' }>;

export interface FileTree {
  readonly roots: readonly FileTreeNode[];
  /** Nodes in the tree, the "… more" ones included. */
  readonly nodes: number;
}

export interface FileTreeLimits {
  readonly maxDepth?: number;
  readonly maxChildren?: number;
  readonly maxNodes?: number;
}

/** Far beyond an honest checkpoint's nesting (a pickled module nests three levels per submodule). */
export const TREE_MAX_DEPTH = 40;
export const TREE_MAX_CHILDREN = 1000;
export const TREE_MAX_NODES = 10_000;
const MAX_TEXT = 200;

export const METADATA_LABEL = 'checkpoint metadata';
export const PLACEHOLDERS_LABEL = 'kept as data, never executed';

export function fileTree(file: TensorFile, limits: FileTreeLimits = {}): FileTree {
  const b = new Builder(limits);
  const roots = file.format.startsWith('pytorch-') && file.structure ? b.checkpointRoots(file) : b.flatRoots(file);
  return { roots, nodes: b.nodes };
}

interface Listed {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

class Builder {
  nodes = 0;
  private readonly maxDepth: number;
  private readonly maxChildren: number;
  private readonly maxNodes: number;
  private listed = new Map<string, Listed>();

  constructor(limits: FileTreeLimits) {
    this.maxDepth = limits.maxDepth ?? TREE_MAX_DEPTH;
    this.maxChildren = limits.maxChildren ?? TREE_MAX_CHILDREN;
    this.maxNodes = limits.maxNodes ?? TREE_MAX_NODES;
  }

  /** Up to the bounds, the children `make` gives for items[i]; the rest as one "… N more". */
  private children<T>(items: readonly T[], make: (item: T) => FileTreeNode): FileTreeNode[] {
    const out: FileTreeNode[] = [];
    for (let i = 0; i < items.length; i++) {
      if (i >= this.maxChildren || this.nodes >= this.maxNodes) {
        out.push(this.count({ kind: 'more', count: items.length - i }));
        break;
      }
      out.push(make(items[i]));
    }
    return out;
  }

  private count<N extends FileTreeNode>(node: N): N {
    this.nodes++;
    return node;
  }

  // ---- PyTorch: the checkpoint as pickled ----

  checkpointRoots(file: TensorFile): FileTreeNode[] {
    const meta = file.metadata;
    for (const t of (own(meta, 'listedOnly') as readonly Listed[] | undefined) ?? []) this.listed.set(t.name, t);
    const summary = own(meta, 'checkpoint') as CheckpointSummary | undefined;
    const roots: FileTreeNode[] = [];
    if (summary) roots.push(this.metadataGroup(summary, checkpointMetadata(file.structure!).hyperParameters));
    const placeholders = summary?.placeholders ?? [];
    if (placeholders.length) {
      roots.push(
        this.count({
          kind: 'group',
          label: PLACEHOLDERS_LABEL,
          section: 'placeholders',
          children: this.children(placeholders, (p) =>
            this.count({
              kind: 'value',
              label: p.className,
              text: `at ${p.path || 'the root'}: not executed, its arguments kept as data`,
            }),
          ),
        }),
      );
    }
    const root = file.structure!;
    // A dict's entries are the top level; any other root (a pickled module, a list, a tensor) is one node.
    if (root.kind === 'dict') roots.push(...this.dictChildren(root.entries, 1));
    else roots.push(this.fromCheckpoint(root, 'root', 1));
    return roots;
  }

  /** The summary's facts; the hyper-parameters as the checkpoint holds them (a dict subclass's entries too). */
  private metadataGroup(s: CheckpointSummary, hyper: CheckpointNode | undefined): FileTreeNode {
    const facts: FileTreeNode[] = [];
    const fact = (label: string, text: string) => facts.push(this.count({ kind: 'value', label, text }));
    fact('serialization', s.serialization);
    if (s.epoch !== undefined) fact('epoch', String(s.epoch));
    if (s.globalStep !== undefined) fact('global step', String(s.globalStep));
    if (s.learningRate !== undefined)
      fact('learning rate', `${fmt(s.learningRate)}${s.learningRateFrom ? ` (from ${s.learningRateFrom})` : ''}`);
    if (s.lightningVersion !== undefined) fact('Lightning version', s.lightningVersion);
    if (s.weightsPath) fact('weights under', s.weightsPath);
    if (hyper) facts.push(this.fromCheckpoint(hyper, 'hyper-parameters', 2));
    return this.count({ kind: 'group', label: METADATA_LABEL, section: 'metadata', children: facts });
  }

  /** A dict's entries; keys with a dotted prefix shared by others are grouped under it (a state_dict's modules). */
  private dictChildren(entries: readonly CheckpointEntry[], depth: number): FileTreeNode[] {
    const groups = new Map<string, CheckpointEntry[]>();
    const order: (CheckpointEntry | string)[] = [];
    for (const e of entries) {
      const dot = e.key.lastIndexOf('.');
      const prefix = dot > 0 && dot < e.key.length - 1 ? e.key.slice(0, dot) : undefined;
      if (prefix === undefined) {
        order.push(e);
        continue;
      }
      const group = groups.get(prefix);
      if (group) group.push(e);
      else {
        groups.set(prefix, [e]);
        order.push(prefix);
      }
    }
    return this.children(order, (item) => {
      if (typeof item !== 'string') return this.fromCheckpoint(item.node, item.key, depth);
      const members = groups.get(item)!;
      if (members.length === 1) return this.fromCheckpoint(members[0].node, members[0].key, depth);
      return this.count({
        kind: 'group',
        label: item,
        prefix: true,
        children: this.children(members, (e) => this.fromCheckpoint(e.node, e.key.slice(item.length + 1), depth + 1)),
      });
    });
  }

  private fromCheckpoint(node: CheckpointNode, label: string, depth: number): FileTreeNode {
    const value = (text: string): FileTreeNode => this.count({ kind: 'value', label, text });
    switch (node.kind) {
      case 'value':
        return value(pythonText(node.value));
      case 'int':
        return value(node.value);
      case 'tensor': {
        const listed = this.listed.get(node.name);
        return this.count({
          kind: 'tensor',
          label,
          tensor: node.name,
          ...(listed ? { listed: { dtype: listed.dtype, shape: listed.shape } } : {}),
        });
      }
      case 'bytes':
        return value(`${node.length} bytes`);
      case 'other':
        return value(clip(node.text));
      case 'seen':
        return value(`the same object as ${node.path || 'the root'}`);
      case 'global':
        return this.count({ kind: 'placeholder', label, className: node.name, children: [] });
    }
    if (depth >= this.maxDepth) return this.deepGroup(node, label);
    if (node.kind === 'object') return this.fromObject(node, label, depth);
    if (node.kind === 'dict') {
      const note = node.className === 'dict' ? {} : { note: node.className };
      return this.count({ kind: 'group', label, ...note, children: this.dictChildren(node.entries, depth + 1) });
    }
    const items = node.items.map((item, i) => ({ item, i }));
    return this.count({
      kind: 'group',
      label,
      note: node.kind,
      children: this.children(items, ({ item, i }) => this.fromCheckpoint(item, String(i), depth + 1)),
    });
  }

  /** An object of a global that was not allowed: its arguments, its attributes (BUILD state), its items. */
  private fromObject(node: ObjectNode, label: string, depth: number): FileTreeNode {
    const parts: (() => FileTreeNode[])[] = [];
    if (node.args.length) {
      parts.push(() => [
        this.count({
          kind: 'group',
          label: 'arguments',
          note: 'tuple',
          children: this.children(
            node.args.map((a, i) => ({ a, i })),
            ({ a, i }) => this.fromCheckpoint(a, String(i), depth + 2),
          ),
        }),
      ]);
    }
    const state = node.state;
    if (state?.kind === 'dict') parts.push(() => this.dictChildren(state.entries, depth + 1));
    else if (state) parts.push(() => [this.fromCheckpoint(state, 'state', depth + 1)]);
    const items = node.items ?? [];
    if (items.length)
      parts.push(() =>
        this.children(
          items.map((item, i) => ({ item, i })),
          ({ item, i }) => this.fromCheckpoint(item, String(i), depth + 1),
        ),
      );
    if (node.entries?.length) parts.push(() => this.dictChildren(node.entries!, depth + 1));
    return this.count({ kind: 'placeholder', label, className: node.className, children: parts.flatMap((p) => p()) });
  }

  /** Past the depth bound: the container, with how many entries it holds, not walked. */
  private deepGroup(node: CheckpointNode, label: string): FileTreeNode {
    const children = [this.count({ kind: 'more' as const, count: entryCount(node) })];
    if (node.kind === 'object') return this.count({ kind: 'placeholder', label, className: node.className, children });
    return this.count({ kind: 'group', label, note: `nested deeper than ${this.maxDepth} levels`, children });
  }

  /** Plain JSON a summary holds (hyper-parameters): objects and arrays as groups. */
  private fromPlain(value: unknown, label: string, depth: number): FileTreeNode {
    if (value === null || typeof value !== 'object')
      return this.count({ kind: 'value', label, text: plainText(value) });
    if (depth >= this.maxDepth) return this.count({ kind: 'value', label, text: '…' });
    // Object.entries: own properties only (the summary was built with Object.fromEntries from the file's keys).
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value as Record<string, unknown>);
    return this.count({
      kind: 'group',
      label,
      ...(Array.isArray(value) ? { note: 'list' } : {}),
      children: this.children(entries, ([k, v]) => this.fromPlain(v, k, depth + 1)),
    });
  }

  // ---- Every other format: names, grouped ----

  flatRoots(file: TensorFile): FileTreeNode[] {
    const roots: FileTreeNode[] = [];
    const metadata = this.plainMetadata(file);
    if (metadata) roots.push(metadata);
    const names = [...file.tensors.keys()];
    if (file.places) roots.push(...this.placed(names, file.places));
    else if (file.format === 'onnx') roots.push(this.onnxGraph(names, own(file.metadata, 'onnx') as OnnxSummary));
    else roots.push(...this.byPrefix(names));
    return roots;
  }

  private plainMetadata(file: TensorFile): FileTreeNode | undefined {
    const entries = Object.entries(file.metadata);
    if (!entries.length) return undefined;
    return this.count({
      kind: 'group',
      label: 'metadata',
      section: 'metadata',
      children: this.children(entries, ([k, v]) => this.fromPlain(v, k, 2)),
    });
  }

  /** Tensors under the groups the reader says they sit in (Keras HDF5: model_weights › layer › …). */
  private placed(names: readonly string[], places: ReadonlyMap<string, readonly string[]>): FileTreeNode[] {
    interface Draft {
      readonly groups: Map<string, Draft>;
      readonly order: (string | { tensor: string })[];
    }
    const top: Draft = { groups: new Map(), order: [] };
    for (const name of names) {
      let at = top;
      for (const component of places.get(name) ?? []) {
        let next = at.groups.get(component);
        if (!next) {
          next = { groups: new Map(), order: [] };
          at.groups.set(component, next);
          at.order.push(component);
        }
        at = next;
      }
      at.order.push({ tensor: name });
    }
    const build = (draft: Draft, depth: number): FileTreeNode[] =>
      this.children(draft.order, (item) =>
        typeof item === 'string'
          ? depth >= this.maxDepth
            ? this.count({ kind: 'group', label: item, children: [this.count({ kind: 'more', count: 1 })] })
            : this.count({ kind: 'group', label: item, children: build(draft.groups.get(item)!, depth + 1) })
          : this.count({ kind: 'tensor', label: lastComponent(item.tensor, '/'), tensor: item.tensor }),
      );
    return build(top, 1);
  }

  /** graph › each RNN/LSTM/GRU node › its W, R, B (named `<node>.R_l0` … by the ONNX reader). */
  private onnxGraph(names: readonly string[], onnx: OnnxSummary | undefined): FileTreeNode {
    const layers = onnx?.layers ?? [];
    const claimed = new Set<string>();
    const nodes = this.children(layers, (l) =>
      this.count({
        kind: 'group',
        label: l.node,
        note: `${l.opType} node`,
        children: this.children(
          names.filter((n) => n.startsWith(`${l.node}.`) && !claimed.has(n)),
          (n) => {
            claimed.add(n);
            return this.count({ kind: 'tensor', label: n.slice(l.node.length + 1), tensor: n });
          },
        ),
      }),
    );
    const rest = names.filter((n) => !claimed.has(n));
    return this.count({
      kind: 'group',
      label: 'graph',
      children: [...nodes, ...this.children(rest, (n) => this.count({ kind: 'tensor', label: n, tensor: n }))],
    });
  }

  /** Flat names, those sharing the prefix before their last '.' (or '/') grouped under it. */
  private byPrefix(names: readonly string[]): FileTreeNode[] {
    const groups = new Map<string, string[]>();
    const order: string[] = [];
    const prefixOf = (n: string): string | undefined => {
      const sep = n.includes('/') ? '/' : '.';
      const at = n.lastIndexOf(sep);
      return at > 0 && at < n.length - 1 ? n.slice(0, at) : undefined;
    };
    for (const n of names) {
      const p = prefixOf(n);
      const key = p === undefined ? `\u0000${n}` : p;
      const group = groups.get(key);
      if (group) group.push(n);
      else {
        groups.set(key, [n]);
        order.push(key);
      }
    }
    return this.children(order, (key) => {
      const members = groups.get(key)!;
      if (key.startsWith('\u0000') || members.length === 1)
        return this.count({ kind: 'tensor', label: members[0], tensor: members[0] });
      return this.count({
        kind: 'group',
        label: key,
        prefix: true,
        children: this.children(members, (n) =>
          this.count({ kind: 'tensor', label: n.slice(key.length + 1), tensor: n }),
        ),
      });
    });
  }
}

/** What a container holds directly (not walked). */
function entryCount(node: CheckpointNode): number {
  switch (node.kind) {
    case 'dict':
      return node.entries.length;
    case 'list':
    case 'tuple':
    case 'set':
      return node.items.length;
    case 'object':
      return node.args.length + (node.state ? 1 : 0) + (node.items?.length ?? 0) + (node.entries?.length ?? 0);
    default:
      return 0;
  }
}

function own(metadata: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(metadata, key) ? metadata[key] : undefined;
}

function lastComponent(name: string, sep: string): string {
  const at = name.lastIndexOf(sep);
  return at >= 0 ? name.slice(at + 1) : name;
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** A Python value as Python prints it: None, True, 'text', 0.001. */
function pythonText(v: string | number | boolean | null): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  return clip(`'${v}'`);
}

function plainText(v: unknown): string {
  if (typeof v === 'string') return clip(v);
  if (typeof v === 'number') return String(v);
  return clip(JSON.stringify(v) ?? String(v));
}

// The inspector's tree against where Python itself finds each tensor (scripts/fixtures/tree-paths.py: torch.load and a
// walk of the object, h5py's visititems), the metadata the fixtures' generator wrote, the placeholders, and the
// bounds on a hostile tree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isInputError } from '../../../src/core/errors';
import { loadTensorFile } from '../../../src/core/formats/load';
import { resolveTorchGlobal } from '../../../src/core/formats/pytorch/allowed-globals';
import { walkCheckpoint } from '../../../src/core/formats/pytorch/tree';
import type { CheckpointNode } from '../../../src/core/formats/pytorch/types';
import { unpickle } from '../../../src/core/formats/pickle/unpickler';
import {
  fileTree,
  METADATA_LABEL,
  PLACEHOLDERS_LABEL,
  type FileTree,
  type FileTreeNode,
} from '../../../src/core/inspect/file-tree';
import type { TensorFile } from '../../../src/core/tensors';
import { readFixture, REPO } from '../helpers';

interface PythonPaths {
  readonly tensors: readonly (readonly string[])[];
  readonly placeholders?: readonly { readonly className: string; readonly path: readonly string[] }[];
}
const python = readFixture<Record<string, PythonPaths>>('tree-paths.json');
const torchExpected = readFixture<{
  files: Record<string, { metadata?: Record<string, number | string>; tensors: Record<string, unknown> }>;
}>('pytorch', 'expected.json').files;

function load(rel: string): TensorFile {
  return loadTensorFile(rel, readFileSync(join(REPO, rel)));
}

interface Leaf {
  readonly node: FileTreeNode;
  /** The file's own keys down to it: a prefix group's label joined to its child's with '.', as the key was. */
  readonly path: readonly string[];
}

/** Every node of the structure (not the metadata and placeholder sections) with the path of keys to it. */
function structureNodes(tree: FileTree, rootIsObject: boolean): Leaf[] {
  const out: Leaf[] = [];
  const visit = (node: FileTreeNode, path: readonly string[], pending: string | undefined) => {
    if (node.kind === 'more') return;
    const label = pending === undefined ? node.label : `${pending}.${node.label}`;
    if (node.kind === 'group' && node.prefix) {
      for (const child of node.children) visit(child, path, label);
      return;
    }
    const here = [...path, label];
    out.push({ node, path: here });
    if (node.kind === 'group' || node.kind === 'placeholder') for (const c of node.children) visit(c, here, undefined);
  };
  for (const root of tree.roots) {
    if (root.kind === 'group' && root.section) continue;
    // A root that is not a dict (a pickled module) is one node, 'root', which is no key of the file.
    if (rootIsObject && root.kind === 'placeholder') {
      out.push({ node: root, path: [] });
      for (const c of root.children) visit(c, [], undefined);
    } else visit(root, [], undefined);
  }
  return out;
}

const key = (path: readonly string[]) => JSON.stringify(path);
const section = (tree: FileTree, label: string) =>
  tree.roots.find((r): r is Extract<FileTreeNode, { kind: 'group' }> => r.kind === 'group' && r.label === label);

describe('the tree of a PyTorch checkpoint puts each tensor where torch.load finds it', () => {
  for (const [rel, want] of Object.entries(python).filter(([rel]) => !rel.endsWith('.h5'))) {
    it(rel, () => {
      const file = load(rel);
      const tree = fileTree(file);
      const nodes = structureNodes(tree, file.structure?.kind === 'object');
      const tensors = nodes.filter((n) => n.node.kind === 'tensor');
      assert.deepEqual(tensors.map((t) => key(t.path)).sort(), want.tensors.map(key).sort());
      // Each tensor leaf names a tensor the file lists (the inspector's row) or one listed only.
      for (const t of tensors) {
        const node = t.node as Extract<FileTreeNode, { kind: 'tensor' }>;
        assert.ok(file.tensors.has(node.tensor) || node.listed, `${node.tensor} is a row or listed`);
      }
      const placeholders = nodes.filter((n) => n.node.kind === 'placeholder');
      assert.deepEqual(
        placeholders.map((p) => `${(p.node as { className: string }).className} at ${key(p.path)}`).sort(),
        (want.placeholders ?? []).map((p) => `${p.className} at ${key(p.path)}`).sort(),
      );
    });
  }

  it("the Lightning checkpoint's state_dict groups its keys by module, and its optimizer state sits under optimizer_states", () => {
    const tree = fileTree(load('test/fixtures/pytorch/lightning.ckpt'));
    const stateDict = tree.roots.find((r) => r.kind === 'group' && r.label === 'state_dict');
    assert.ok(stateDict?.kind === 'group');
    const rnn = stateDict.children.find((c) => c.kind === 'group' && c.label === 'model.rnn');
    assert.ok(rnn?.kind === 'group' && rnn.prefix, 'model.rnn is a group of the state_dict');
    assert.deepEqual(
      rnn.children.map((c) => c.kind === 'tensor' && c.label),
      ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'],
    );
    const optimizer = tree.roots.find((r) => r.kind === 'group' && r.label === 'optimizer_states');
    assert.ok(optimizer?.kind === 'group' && optimizer.note === 'list');
  });

  for (const rel of ['lightning.ckpt', 'lightning-attribute-dict.ckpt', 'training-loop.tar']) {
    it(`${rel}: the metadata the generator wrote, as nodes`, () => {
      const tree = fileTree(load(`test/fixtures/pytorch/${rel}`));
      const metadata = section(tree, METADATA_LABEL);
      assert.ok(metadata, 'a metadata section');
      const facts = new Map(metadata.children.map((c) => [c.kind === 'more' ? '' : c.label, c]));
      const text = (label: string) => {
        const node = facts.get(label);
        return node?.kind === 'value' ? node.text : undefined;
      };
      const want = torchExpected[rel].metadata!;
      if (want.epoch !== undefined) assert.equal(text('epoch'), String(want.epoch));
      if (want.globalStep !== undefined) assert.equal(text('global step'), String(want.globalStep));
      if (want.learningRate !== undefined)
        assert.match(text('learning rate') ?? '', new RegExp(`^${want.learningRate}`));
      if (want.lightningVersion !== undefined) assert.equal(text('Lightning version'), want.lightningVersion);
      // The hyper-parameters as the checkpoint holds them (a dict, Lightning's AttributeDict, a Namespace), with the
      // learning rate the generator put there among them.
      const hyper = facts.get('hyper-parameters');
      assert.ok(hyper?.kind === 'group' || hyper?.kind === 'placeholder', 'the hyper-parameters are a node');
      const lr = hyper.children.find((c) => c.kind === 'value' && c.label === 'lr');
      assert.equal(lr?.kind === 'value' && lr.text, String(want.learningRate));
    });
  }

  it('a pickled module: each class that was not allowed is listed as kept as data, with where it sits', () => {
    const tree = fileTree(load('test/fixtures/pytorch/whole-module.pt'));
    const listed = section(tree, PLACEHOLDERS_LABEL);
    assert.ok(listed);
    const want = python['test/fixtures/pytorch/whole-module.pt'].placeholders!;
    assert.deepEqual(
      listed.children.map((c) => c.kind === 'value' && c.label),
      want.map((p) => p.className),
    );
    for (const c of listed.children) assert.match((c as { text: string }).text, /not executed/);
  });
});

describe('the tree of a Keras HDF5 file follows its groups, as h5py walks them', () => {
  for (const [rel, want] of Object.entries(python).filter(([rel]) => rel.endsWith('.h5'))) {
    it(rel, () => {
      const tree = fileTree(load(rel));
      const tensors = structureNodes(tree, false).filter((n) => n.node.kind === 'tensor');
      assert.deepEqual(tensors.map((t) => key(t.path)).sort(), want.tensors.map(key).sort());
    });
  }
});

describe('ONNX and flat files', () => {
  const onnx = readFixture<{ files: Record<string, { cell: string; constantFolding?: boolean }> }>(
    'onnx',
    'expected.json',
  ).files;
  // (An export without constant folding is refused by the reader: its weights are computed, not stored.)
  for (const [rel, { cell }] of Object.entries(onnx).filter(([, f]) => f.constantFolding !== false)) {
    it(`${rel}: graph › the ${cell.toUpperCase()} nodes › W, R and B`, () => {
      const tree = fileTree(load(`test/fixtures/onnx/${rel}`));
      const graph = tree.roots.find((r) => r.kind === 'group' && r.label === 'graph');
      assert.ok(graph?.kind === 'group');
      const nodes = graph.children.filter((c) => c.kind === 'group');
      assert.ok(nodes.length > 0);
      for (const node of nodes) {
        assert.ok(node.kind === 'group');
        assert.equal(node.note, `${cell.toUpperCase()} node`);
        const labels = node.children.map((c) => (c.kind === 'tensor' ? c.label : ''));
        assert.ok(labels.some((l) => /^R_l\d/.test(l)) && labels.some((l) => /^W_l\d/.test(l)), labels.join());
      }
    });
  }

  it('a safetensors file: names sharing a dotted prefix are grouped under it', () => {
    const file = load('test/fixtures/formats/model/torch-rnn.safetensors');
    const tree = fileTree(file);
    const leaves = structureNodes(tree, false).filter((n) => n.node.kind === 'tensor');
    // The grouped labels join back into the file's own names, every one once.
    assert.deepEqual(leaves.map((l) => l.path.join('.')).sort(), [...file.tensors.keys()].sort());
    assert.ok(tree.roots.some((r) => r.kind === 'group' && r.prefix && r.label === 'rnn'));
  });
});

describe('a hostile tree is bounded', () => {
  const bytesOf = (...parts: (string | Uint8Array)[]): Uint8Array =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : [...p])));
  const shell = (structure: CheckpointNode): TensorFile => ({
    file: 'bomb.pt',
    format: 'pytorch-zip',
    tensors: new Map(),
    metadata: {},
    structure,
  });
  const walked = (bytes: Uint8Array) =>
    walkCheckpoint(unpickle(bytes, { file: 'bomb.pt', where: '', resolveGlobal: resolveTorchGlobal }).value, 'bomb.pt')
      .root;
  const depthOf = (nodes: readonly FileTreeNode[]): number => {
    let depth = 0;
    let level = nodes;
    while (level.length) {
      depth++;
      level = level.flatMap((n) => (n.kind === 'group' || n.kind === 'placeholder' ? n.children : []));
    }
    return depth;
  };

  it('dicts nested 450 deep (as deep as the reader allows): 40 levels, then "… N more"', () => {
    const n = 450;
    // {'a': {'a': … {} …}}: EMPTY_DICT, the key, n times; then SETITEM n − 1 times.
    const bytes = bytesOf('\x80\x02', '}X\x01\x00\x00\x00a'.repeat(n), '}', 's'.repeat(n), '.');
    const tree = fileTree(shell(walked(bytes)));
    assert.equal(depthOf(tree.roots), 41);
    let node: FileTreeNode | undefined = tree.roots[0];
    while (node && node.kind === 'group' && node.children[0]?.kind !== 'more') node = node.children[0];
    assert.ok(node?.kind === 'group' && /nested deeper than 40 levels/.test(node.note ?? ''));
  });

  it('dicts nested 1 000 000 deep: the reader refuses them by name; a tree that deep is cut at 40 levels', () => {
    const n = 1_000_000;
    const bytes = bytesOf('\x80\x02', '}X\x01\x00\x00\x00a'.repeat(n), '}', 's'.repeat(n), '.');
    assert.throws(
      () => walked(bytes),
      (e) => isInputError(e) && /nests deeper than 500 levels/.test(e.problem),
    );
    // The tree builder never walks past its bound, however deep the structure it is given (built here in a loop).
    let deep: CheckpointNode = { kind: 'value', value: null };
    for (let i = 0; i < n; i++) deep = { kind: 'dict', className: 'dict', entries: [{ key: 'a', node: deep }] };
    const tree = fileTree(shell(deep));
    assert.equal(depthOf(tree.roots), 41);
    assert.ok(tree.nodes <= 41);
  });

  it('a dict of 300 000 entries: 1000 of them, then "… 299 000 more", in bounded nodes', () => {
    const n = 300_000;
    const entries = Array.from({ length: n }, (_, i) => {
      const k = `k${i}`;
      return `X${String.fromCharCode(k.length)}\x00\x00\x00${k}N`;
    }).join('');
    const tree = fileTree(shell(walked(bytesOf('\x80\x02}(', entries, 'u.'))));
    assert.equal(tree.roots.length, 1001);
    assert.deepEqual(tree.roots[1000], { kind: 'more', count: n - 1000 });
  });

  it('a tree of many wide levels stops at the node bound', () => {
    const wide = (depth: number): CheckpointNode =>
      depth === 0
        ? { kind: 'value', value: 1 }
        : { kind: 'list', items: Array.from({ length: 30 }, () => wide(depth - 1)) };
    const tree = fileTree(shell(wide(4)), { maxNodes: 2000 });
    assert.ok(tree.nodes <= 2000 + 4 * 2, `${tree.nodes} nodes`);
    const more = JSON.stringify(tree).match(/"more"/g)?.length ?? 0;
    assert.ok(more > 0, 'what was left out is said');
  });

  it('keys named __proto__ and constructor are labels, and change no prototype', () => {
    const entries = ['__proto__', 'constructor', 'toString']
      .map((k) => `X${String.fromCharCode(k.length)}\x00\x00\x00${k}K\x01`)
      .join('');
    const tree = fileTree(shell(walked(bytesOf('\x80\x02}(', entries, 'u.'))));
    assert.deepEqual(
      tree.roots.map((r) => r.kind === 'value' && `${r.label} = ${r.text}`),
      ['__proto__ = 1', 'constructor = 1', 'toString = 1'],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(tree.roots[0]), Object.prototype);
  });
});

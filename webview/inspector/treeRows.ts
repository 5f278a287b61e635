// The inspector's tree as the rows of a treegrid, in reading order: each node's id (its index path, stable for
// one file, so the expanded nodes can be kept across a reload), level, parent and place among its siblings; and
// which groups are open before the user opens or closes any. No DOM here.
import type { FileTreeNode, InspectorRow } from '../../src/protocol/inspector';

export interface TreeRow {
  readonly id: string;
  readonly node: FileTreeNode;
  /** 1 for the roots (aria-level). */
  readonly level: number;
  readonly parent?: string;
  readonly posinset: number;
  readonly setsize: number;
}

export function treeRows(roots: readonly FileTreeNode[]): TreeRow[] {
  const out: TreeRow[] = [];
  // Explicit stack, not recursion: the tree is bounded, but the page need not rely on it.
  const stack: { nodes: readonly FileTreeNode[]; index: number; prefix: string; parent?: string }[] = [
    { nodes: roots, index: 0, prefix: '' },
  ];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.index >= top.nodes.length) {
      stack.pop();
      continue;
    }
    const i = top.index++;
    const node = top.nodes[i];
    const id = top.prefix ? `${top.prefix}/${i}` : String(i);
    out.push({
      id,
      node,
      level: stack.length,
      ...(top.parent !== undefined ? { parent: top.parent } : {}),
      posinset: i + 1,
      setsize: top.nodes.length,
    });
    const children = childrenOf(node);
    if (children.length) stack.push({ nodes: children, index: 0, prefix: id, parent: id });
  }
  return out;
}

export function childrenOf(node: FileTreeNode): readonly FileTreeNode[] {
  return node.kind === 'group' || node.kind === 'placeholder' ? node.children : [];
}

/** Small trees are open throughout; larger ones show their top level, the metadata, the placeholders and the path
 * to every tensor of a recurrent layer. */
const OPEN_ALL_UP_TO = 80;

export function defaultExpanded(rows: readonly TreeRow[], tensors: ReadonlyMap<string, InspectorRow>): Set<string> {
  const open = new Set<string>();
  const groups = rows.filter((r) => childrenOf(r.node).length > 0);
  if (rows.length <= OPEN_ALL_UP_TO) return new Set(groups.map((r) => r.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of groups) if (r.level === 1) open.add(r.id);
  const inSection = new Set<string>();
  for (const r of rows) {
    const n = r.node;
    if ((n.kind === 'group' && n.section) || (r.parent !== undefined && inSection.has(r.parent))) {
      inSection.add(r.id);
      if (childrenOf(n).length) open.add(r.id);
    }
    if (n.kind !== 'tensor' || tensors.get(n.tensor)?.role === undefined) continue;
    for (let p = r.parent; p !== undefined; p = byId.get(p)?.parent) open.add(p);
  }
  return open;
}

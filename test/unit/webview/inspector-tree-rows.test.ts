// The inspector page's tree as rows: ids that are index paths (stable across a reload of the same file), levels and
// parents as the tree nests them, and which nodes are open before the user opens or closes one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTensorFile } from '../../../src/core/formats/load';
import { fileTree, type FileTreeNode } from '../../../src/core/inspect/file-tree';
import type { InspectorRow } from '../../../src/protocol/inspector';
import { defaultExpanded, treeRows } from '../../../webview/inspector/treeRows';
import { REPO } from '../helpers';

const leaf = (label: string): FileTreeNode => ({ kind: 'value', label, text: '1' });
const group = (label: string, children: FileTreeNode[]): FileTreeNode => ({ kind: 'group', label, children });

test('rows in reading order, with index-path ids, levels, parents and places among siblings', () => {
  const rows = treeRows([group('a', [leaf('a1'), group('a2', [leaf('x')])]), leaf('b')]);
  assert.deepEqual(
    rows.map((r) => [r.id, r.level, r.parent ?? null, r.posinset, r.setsize, (r.node as { label: string }).label]),
    [
      ['0', 1, null, 1, 2, 'a'],
      ['0/0', 2, '0', 1, 2, 'a1'],
      ['0/1', 2, '0', 2, 2, 'a2'],
      ['0/1/0', 3, '0/1', 1, 1, 'x'],
      ['1', 1, null, 2, 2, 'b'],
    ],
  );
});

test('a small tree is open throughout; a large one at its top, its sections and the path to each recurrent tensor', () => {
  const small = treeRows([group('a', [group('b', [leaf('c')])])]);
  assert.deepEqual([...defaultExpanded(small, new Map())].sort(), ['0', '0/0']);

  const rel = 'examples/pytorch_lightning.ckpt';
  const file = loadTensorFile(rel, readFileSync(join(REPO, rel)));
  const rows = treeRows(fileTree(file).roots);
  assert.ok(rows.length > 80, `${rows.length} rows: a large tree`);
  const roles = new Map<string, InspectorRow>([
    [
      'state_dict.model.rnn.weight_hh_l0',
      { name: 'state_dict.model.rnn.weight_hh_l0', shape: [32, 32], dtype: 'F32', role: 'W_hh', recurrent: true },
    ],
  ]);
  const open = defaultExpanded(rows, roles);
  const label = (id: string) => (rows.find((r) => r.id === id)!.node as { label: string }).label;
  const path = (label: string, level: number) =>
    rows.find((r) => r.level === level && 'label' in r.node && r.node.label === label)!;
  // The state_dict and its model.rnn group are open down to W_hh; optimizer_states is open at its top only.
  assert.ok(open.has(path('state_dict', 1).id) && open.has(path('model.rnn', 2).id));
  const optimizer = path('optimizer_states', 1);
  assert.ok(open.has(optimizer.id));
  assert.ok(!open.has(`${optimizer.id}/0`), `${label(`${optimizer.id}/0`)} of optimizer_states stays closed`);
  // The metadata section is open throughout (its hyper-parameters too).
  const metadata = path('checkpoint metadata', 1);
  const hyper = rows.find((r) => r.parent === metadata.id && 'label' in r.node && r.node.label === 'hyper-parameters')!;
  assert.ok(open.has(metadata.id) && open.has(hyper.id));
});
